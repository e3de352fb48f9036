package io.pentimento.store;

import io.pentimento.engine.noise.TorchGenerator;
import io.pentimento.engine.pipeline.GenerationRequest;
import io.pentimento.engine.pipeline.StepSnapshot;
import io.pentimento.engine.schedule.SamplerKind;
import io.pentimento.engine.schedule.SamplerState;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;

/**
 * Writes step snapshots as compact binary: raw float arrays, the sampler's state and each generator's state, so a
 * timeline read back after a restart resumes exactly as the live one would. An img2img or inpainting request keeps
 * its init image and mask as PNG bytes (version 2), so its timeline can be branched after a restart too.
 */
final class SnapshotCodec {
    static final int VERSION = 2;
    /** Timelines written before init images were kept; they read back as txt2img requests. */
    static final int VERSION_WITHOUT_IMAGES = 1;

    private SnapshotCodec() {
    }

    static void writeRequest(DataOutputStream out, GenerationRequest r) throws IOException {
        out.writeUTF(r.prompt());
        out.writeUTF(r.negativePrompt());
        out.writeInt(r.steps());
        out.writeFloat(r.guidance());
        out.writeUTF(r.sampler().cliName());
        out.writeLong(r.seed());
        out.writeInt(r.width());
        out.writeInt(r.height());
        out.writeInt(r.batchSize());
        out.writeDouble(r.strength());
        writeImage(out, r.initImage().orElse(null));
        writeImage(out, r.mask().orElse(null));
    }

    static GenerationRequest readRequest(DataInputStream in, int version) throws IOException {
        GenerationRequest r = new GenerationRequest(in.readUTF(), in.readUTF(), in.readInt(), in.readFloat(),
                SamplerKind.fromCliName(in.readUTF()), in.readLong(), in.readInt(), in.readInt(), in.readInt(),
                Optional.empty(), in.readDouble(), Optional.empty());
        if (version == VERSION_WITHOUT_IMAGES) {
            return r;
        }
        BufferedImage init = readImage(in);
        BufferedImage mask = readImage(in);
        return init == null ? r : r.withInit(init, r.strength(), mask);
    }

    private static void writeImage(DataOutputStream out, BufferedImage image) throws IOException {
        if (image == null) {
            out.writeInt(0);
            return;
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(image, "png", png);
        out.writeInt(png.size());
        png.writeTo(out);
    }

    private static BufferedImage readImage(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length == 0) {
            return null;
        }
        byte[] png = new byte[length];
        in.readFully(png);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        if (image == null) {
            throw new IOException("a timeline's init image cannot be decoded");
        }
        return image;
    }

    /** Writes one snapshot without its request, which the timeline stores once. */
    static void writeStep(DataOutputStream out, StepSnapshot s) throws IOException {
        out.writeInt(s.index());
        out.writeInt(s.evaluations());
        out.writeFloat(s.timestep());
        out.writeDouble(s.sigma());
        writeInts(out, s.latentShape());
        writeFloats(out, s.latents());
        writeFloats(out, s.predictedX0());
        writeSamplerState(out, s.samplerState());
        out.writeInt(s.generatorStates().size());
        for (TorchGenerator.State g : s.generatorStates()) {
            writeInts(out, g.words());
            out.writeInt(g.position());
            out.writeBoolean(g.hasCachedNormal());
            out.writeDouble(g.cachedNormal());
        }
    }

    static StepSnapshot readStep(DataInputStream in, GenerationRequest request) throws IOException {
        int index = in.readInt();
        int evaluations = in.readInt();
        float timestep = in.readFloat();
        double sigma = in.readDouble();
        int[] shape = readInts(in);
        float[] latents = readFloats(in);
        float[] x0 = readFloats(in);
        SamplerState state = readSamplerState(in);
        int generators = in.readInt();
        List<TorchGenerator.State> states = new ArrayList<>(generators);
        for (int i = 0; i < generators; i++) {
            states.add(new TorchGenerator.State(readInts(in), in.readInt(), in.readBoolean(), in.readDouble()));
        }
        return new StepSnapshot(request, index, evaluations, timestep, sigma, shape, latents, x0, state,
                List.copyOf(states));
    }

    private static void writeSamplerState(DataOutputStream out, SamplerState state) throws IOException {
        if (state instanceof SamplerState.Stateless s) {
            out.writeByte(0);
            out.writeUTF(s.kind().cliName());
        } else if (state instanceof SamplerState.Pndm p) {
            out.writeByte(1);
            out.writeInt(p.counter());
            writeFloatRows(out, p.modelOutputs());
            out.writeBoolean(p.heldSample() != null);
            if (p.heldSample() != null) {
                writeFloats(out, p.heldSample());
            }
        } else if (state instanceof SamplerState.Lms l) {
            out.writeByte(2);
            writeFloatRows(out, l.derivatives());
        } else if (state instanceof SamplerState.DpmSolver d) {
            out.writeByte(3);
            out.writeInt(d.lowerOrderSteps());
            out.writeBoolean(d.previousDenoised() != null);
            if (d.previousDenoised() != null) {
                writeFloats(out, d.previousDenoised());
            }
        } else {
            throw new IllegalStateException("unknown sampler state " + state);
        }
    }

    private static SamplerState readSamplerState(DataInputStream in) throws IOException {
        int tag = in.readByte();
        return switch (tag) {
            case 0 -> new SamplerState.Stateless(SamplerKind.fromCliName(in.readUTF()));
            case 1 -> {
                int counter = in.readInt();
                float[][] outputs = readFloatRows(in);
                yield new SamplerState.Pndm(counter, outputs, in.readBoolean() ? readFloats(in) : null);
            }
            case 2 -> new SamplerState.Lms(readFloatRows(in));
            case 3 -> {
                int steps = in.readInt();
                yield new SamplerState.DpmSolver(steps, in.readBoolean() ? readFloats(in) : null);
            }
            default -> throw new IOException("unknown sampler state tag " + tag);
        };
    }

    private static void writeFloatRows(DataOutputStream out, float[][] rows) throws IOException {
        out.writeInt(rows.length);
        for (float[] row : rows) {
            writeFloats(out, row);
        }
    }

    private static float[][] readFloatRows(DataInputStream in) throws IOException {
        float[][] rows = new float[in.readInt()][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = readFloats(in);
        }
        return rows;
    }

    private static void writeInts(DataOutputStream out, int[] values) throws IOException {
        out.writeInt(values.length);
        for (int v : values) {
            out.writeInt(v);
        }
    }

    private static int[] readInts(DataInputStream in) throws IOException {
        int[] values = new int[checkedLength(in.readInt())];
        for (int i = 0; i < values.length; i++) {
            values[i] = in.readInt();
        }
        return values;
    }

    private static void writeFloats(DataOutputStream out, float[] values) throws IOException {
        out.writeInt(values.length);
        for (float v : values) {
            out.writeFloat(v);
        }
    }

    private static float[] readFloats(DataInputStream in) throws IOException {
        float[] values = new float[checkedLength(in.readInt())];
        for (int i = 0; i < values.length; i++) {
            values[i] = in.readFloat();
        }
        return values;
    }

    private static int checkedLength(int length) throws IOException {
        if (length < 0 || length > 1 << 28) {
            throw new IOException("corrupt timeline: array length " + length);
        }
        return length;
    }
}
