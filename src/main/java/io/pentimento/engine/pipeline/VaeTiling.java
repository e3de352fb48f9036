package io.pentimento.engine.pipeline;

import io.pentimento.engine.model.TensorSpec;
import java.util.Locale;

/**
 * When and how the VAE runs in overlapping tiles rather than in one piece. A real SD 1.5 decoder at 512² already
 * takes gigabytes (512-channel convolutions at full resolution, mid-block attention over every latent cell), and
 * both grow with the area, so past a size the image is decoded (and encoded) tile by tile and the tiles are blended.
 * The VAE's GroupNorm and attention see only their tile, so a tiled result differs slightly from a whole one; the
 * overlap and its ramp hide the difference.
 *
 * @param tile      tile side in latent cells (8 pixels each)
 * @param overlap   least overlap of neighbouring tiles in latent cells, at most half a tile
 * @param areaAbove tiles only images of more than this many pixels; {@link Long#MAX_VALUE} never tiles
 */
public record VaeTiling(int tile, int overlap, long areaAbove) {
    /** The system property that chooses the policy: {@code auto}, {@code off} or a tile side in pixels. */
    public static final String PROPERTY = "pentimento.vaeTile";
    /** 64 latent cells: 512 pixels, the size SD 1.x was trained at. */
    public static final int DEFAULT_TILE = 64;
    public static final int DEFAULT_OVERLAP = 16;
    /** Images up to 512×512 decode in one piece, so every model at its native size up to SD 1.x's is untouched. */
    public static final long DEFAULT_AREA = 512L * 512L;

    public VaeTiling {
        if (tile < 1 || overlap < 0 || 2 * overlap > tile) {
            throw new IllegalArgumentException("A VAE tile needs a side of at least 1 latent cell and an overlap of "
                    + "at most half of it, not tile " + tile + " with overlap " + overlap + ".");
        }
    }

    /** Tiles of 512 pixels overlapping by 128 for images larger than 512×512. */
    public static VaeTiling auto() {
        return new VaeTiling(DEFAULT_TILE, DEFAULT_OVERLAP, DEFAULT_AREA);
    }

    /** Always one piece. */
    public static VaeTiling off() {
        return new VaeTiling(DEFAULT_TILE, DEFAULT_OVERLAP, Long.MAX_VALUE);
    }

    /** Tiles of {@code tile} cells overlapping by {@code overlap} for every image larger than one tile. */
    public static VaeTiling always(int tile, int overlap) {
        return new VaeTiling(tile, overlap, 0);
    }

    /**
     * {@code auto}, {@code off}, or a tile side in pixels (a multiple of 8, at least 64) that tiles every image larger
     * than it, with a quarter of the side as overlap.
     */
    public static VaeTiling parse(String value) {
        String v = value == null ? "auto" : value.strip().toLowerCase(Locale.ROOT);
        if (v.isEmpty() || v.equals("auto")) {
            return auto();
        }
        if (v.equals("off")) {
            return off();
        }
        int px;
        try {
            px = Integer.parseInt(v.endsWith("px") ? v.substring(0, v.length() - 2) : v);
        } catch (NumberFormatException e) {
            px = -1;
        }
        if (px < 64 || px % 8 != 0) {
            throw new InvalidRequestException("VAE tiling must be auto, off or a tile side in pixels that is a "
                    + "multiple of 8 and at least 64 (such as 512), not \"" + value + "\".");
        }
        return always(px / 8, px / 32);
    }

    /** The policy {@code -Dpentimento.vaeTile} chooses; auto when it is not set. */
    public static VaeTiling fromSystemProperty() {
        return parse(System.getProperty(PROPERTY));
    }

    /**
     * The tiles for a latent of {@code latentH}×{@code latentW} cells through a network whose image input is
     * {@code input} ([batch, channels, H, W]). A network exported with fixed H and W takes only that size, so it
     * always runs in one piece.
     */
    TileGrid plan(TensorSpec input, int latentH, int latentW) {
        boolean fixed = input.rank() == 4 && (input.dim(2) > 0 || input.dim(3) > 0);
        long area = 64L * latentH * latentW;
        if (fixed || area <= areaAbove || (latentH <= tile && latentW <= tile)) {
            return TileGrid.single(latentH, latentW);
        }
        return TileGrid.of(latentH, latentW, tile, overlap);
    }
}
