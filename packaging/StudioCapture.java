import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.Toolkit;
import java.awt.event.KeyEvent;
import java.io.File;
import javax.imageio.ImageIO;

/**
 * Captures the studio of an installed package on an X display (Xvfb): once it has started (the first-start hint and
 * the example prompt showing), then after Ctrl+Enter has run the example prompt. Used by check-clean-install.sh,
 * which runs it on the package's own Java runtime: {@code StudioCapture OUT_DIR STARTUP_MILLIS RUN_MILLIS}.
 */
public final class StudioCapture {
    public static void main(String[] args) throws Exception {
        File out = new File(args[0]);
        Robot robot = new Robot();
        Rectangle screen = new Rectangle(Toolkit.getDefaultToolkit().getScreenSize());
        robot.delay(Integer.parseInt(args[1]));
        ImageIO.write(robot.createScreenCapture(screen), "png", new File(out, "studio-first-start.png"));
        robot.mouseMove(720, 450);
        robot.keyPress(KeyEvent.VK_CONTROL);
        robot.keyPress(KeyEvent.VK_ENTER);
        robot.keyRelease(KeyEvent.VK_ENTER);
        robot.keyRelease(KeyEvent.VK_CONTROL);
        robot.delay(Integer.parseInt(args[2]));
        ImageIO.write(robot.createScreenCapture(screen), "png", new File(out, "studio-generated.png"));
    }
}
