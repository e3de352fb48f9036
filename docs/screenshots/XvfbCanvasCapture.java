import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.Toolkit;
import java.awt.datatransfer.DataFlavor;
import java.awt.datatransfer.Transferable;
import java.awt.event.InputEvent;
import java.awt.event.KeyEvent;
import java.awt.image.BufferedImage;
import java.io.File;
import javax.imageio.ImageIO;

/**
 * Drives the canvas in the real studio window on an X display (Xvfb) with the AWT robot: opens the Canvas tab, pastes
 * a picture through the X clipboard with Ctrl+V, paints a stroke with the mouse, inpaints with Ctrl+Enter, zooms with
 * the wheel and undoes the stroke with Ctrl+Z, capturing the screen after each (xvfb-canvas-*.png). Positions are
 * those of the default layout on a 1440×900 screen. Run by capture-canvas-xvfb.sh; JDK single-file source.
 * Arguments: output folder, the Canvas tab's x and y, a picture to paste, milliseconds to wait for the run.
 */
public final class XvfbCanvasCapture {
    private static Robot robot;
    private static Rectangle screen;

    static void shot(File out, String name) throws Exception {
        ImageIO.write(robot.createScreenCapture(screen), "png", new File(out, name));
    }

    static void click(int x, int y) {
        robot.mouseMove(x, y);
        robot.delay(100);
        robot.mousePress(InputEvent.BUTTON1_DOWN_MASK);
        robot.mouseRelease(InputEvent.BUTTON1_DOWN_MASK);
        robot.delay(300);
    }

    /** Ctrl + {@code key}. */
    static void chord(int key) {
        robot.keyPress(KeyEvent.VK_CONTROL);
        robot.keyPress(key);
        robot.keyRelease(key);
        robot.keyRelease(KeyEvent.VK_CONTROL);
    }

    public static void main(String[] args) throws Exception {
        File out = new File(args[0]);
        int tabX = Integer.parseInt(args[1]), tabY = Integer.parseInt(args[2]);
        robot = new Robot();
        screen = new Rectangle(Toolkit.getDefaultToolkit().getScreenSize());
        shot(out, "xvfb-canvas-0-idle.png");
        click(tabX, tabY);
        BufferedImage img = ImageIO.read(new File(args[3]));
        Toolkit.getDefaultToolkit().getSystemClipboard().setContents(new Transferable() {
            public DataFlavor[] getTransferDataFlavors() { return new DataFlavor[]{DataFlavor.imageFlavor}; }
            public boolean isDataFlavorSupported(DataFlavor f) { return DataFlavor.imageFlavor.equals(f); }
            public Object getTransferData(DataFlavor f) { return img; }
        }, null);
        click(735, 470);
        chord(KeyEvent.VK_V);
        robot.delay(1500);
        shot(out, "xvfb-canvas-1-pasted.png");
        robot.mouseMove(600, 420); robot.delay(100);
        robot.mousePress(InputEvent.BUTTON1_DOWN_MASK);
        for (int x = 600; x <= 880; x += 20) { robot.mouseMove(x, 420 + (x - 600) / 10); robot.delay(20); }
        robot.mouseRelease(InputEvent.BUTTON1_DOWN_MASK);
        robot.delay(800);
        shot(out, "xvfb-canvas-2-stroke.png");
        chord(KeyEvent.VK_ENTER);
        robot.delay(Integer.parseInt(args[4]));
        shot(out, "xvfb-canvas-3-done.png");
        robot.mouseMove(700, 430); robot.delay(200);
        robot.mouseWheel(-3); robot.delay(800);
        shot(out, "xvfb-canvas-4-zoomed.png");
        chord(KeyEvent.VK_Z);
        robot.delay(800);
        shot(out, "xvfb-canvas-5-undone.png");
    }
}
