package io.pentimento.studio.canvas;

/** What a canvas run does with the canvas image. */
public enum CanvasMode {
    /** The whole image is the start, noised by the strength. */
    IMG2IMG("img2img"),
    /** Only the masked part is repainted. */
    INPAINT("Inpaint"),
    /** The canvas grows by margins and the new area is painted. */
    OUTPAINT("Outpaint"),
    /** The picture is inverted and changed by text (studio/edit), optionally only under the mask. */
    EDIT("Edit");

    private final String label;

    CanvasMode(String label) {
        this.label = label;
    }

    @Override
    public String toString() {
        return label;
    }
}
