package io.pentimento.engine.image;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

/** Writes frames as an animated GIF through the JDK's own GIF writer, looping forever if asked. */
public final class AnimatedGif {
    private static final String FORMAT = "javax_imageio_gif_image_1.0";

    private AnimatedGif() {
    }

    /**
     * Writes {@code frames} to {@code path} (atomically: a temporary file beside it, then a move), each shown for
     * {@code delayMs} milliseconds (GIF counts hundredths of a second).
     */
    public static void write(Path path, List<BufferedImage> frames, int delayMs, boolean loop) throws IOException {
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("an animation needs at least one frame");
        }
        Files.createDirectories(path.toAbsolutePath().getParent());
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        try {
            AtomicFiles.write(path, sink -> {
                try (ImageOutputStream out = ImageIO.createImageOutputStream(sink)) {
                    writer.setOutput(out);
                    writer.prepareWriteSequence(null);
                    for (int i = 0; i < frames.size(); i++) {
                        BufferedImage rgb = toRgb(frames.get(i));
                        IIOMetadata meta = writer.getDefaultImageMetadata(
                                ImageTypeSpecifier.createFromRenderedImage(rgb), null);
                        configure(meta, delayMs, loop && i == 0);
                        writer.writeToSequence(new IIOImage(rgb, null, meta), null);
                    }
                    writer.endWriteSequence();
                }
            });
        } finally {
            writer.dispose();
        }
    }

    private static void configure(IIOMetadata meta, int delayMs, boolean loopExtension) throws IOException {
        IIOMetadataNode root = (IIOMetadataNode) meta.getAsTree(FORMAT);
        IIOMetadataNode control = child(root, "GraphicControlExtension");
        control.setAttribute("disposalMethod", "none");
        control.setAttribute("userInputFlag", "FALSE");
        control.setAttribute("transparentColorFlag", "FALSE");
        control.setAttribute("delayTime", Integer.toString(Math.max(1, Math.round(delayMs / 10f))));
        control.setAttribute("transparentColorIndex", "0");
        if (loopExtension) {
            IIOMetadataNode extensions = child(root, "ApplicationExtensions");
            IIOMetadataNode netscape = new IIOMetadataNode("ApplicationExtension");
            netscape.setAttribute("applicationID", "NETSCAPE");
            netscape.setAttribute("authenticationCode", "2.0");
            netscape.setUserObject(new byte[] {1, 0, 0}); // sub-block 1, loop count 0 = for ever
            extensions.appendChild(netscape);
        }
        meta.setFromTree(FORMAT, root);
    }

    private static IIOMetadataNode child(IIOMetadataNode root, String name) {
        for (int i = 0; i < root.getLength(); i++) {
            if (root.item(i).getNodeName().equalsIgnoreCase(name)) {
                return (IIOMetadataNode) root.item(i);
            }
        }
        IIOMetadataNode node = new IIOMetadataNode(name);
        root.appendChild(node);
        return node;
    }

    private static BufferedImage toRgb(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_INT_RGB) {
            return image;
        }
        BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        rgb.getGraphics().drawImage(image, 0, 0, null);
        return rgb;
    }
}
