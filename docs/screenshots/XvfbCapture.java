import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.Toolkit;
import java.awt.event.KeyEvent;
import java.io.File;
import javax.imageio.ImageIO;

/**
 * Drives the real studio window on an X display (Xvfb) with the AWT robot and captures the screen: idle, a few
 * seconds into a run started with Ctrl+Enter, and after the run. Run by capture-xvfb.sh; JDK single-file source.
 */
public final class XvfbCapture {
    public static void main(String[] args) throws Exception {
        File out = new File(args.length > 0 ? args[0] : ".");
        long midRunMillis = args.length > 1 ? Long.parseLong(args[1]) : 3000;
        long doneMillis = args.length > 2 ? Long.parseLong(args[2]) : 30000;
        Robot robot = new Robot();
        Rectangle screen = new Rectangle(Toolkit.getDefaultToolkit().getScreenSize());
        ImageIO.write(robot.createScreenCapture(screen), "png", new File(out, "xvfb-idle.png"));
        robot.mouseMove(200, 140);
        robot.mousePress(java.awt.event.InputEvent.BUTTON1_DOWN_MASK);
        robot.mouseRelease(java.awt.event.InputEvent.BUTTON1_DOWN_MASK);
        for (char c : "smiling face".toCharArray()) {
            int code = c == ' ' ? KeyEvent.VK_SPACE : KeyEvent.getExtendedKeyCodeForChar(c);
            robot.keyPress(code);
            robot.keyRelease(code);
            robot.delay(30);
        }
        robot.keyPress(KeyEvent.VK_CONTROL);
        robot.keyPress(KeyEvent.VK_ENTER);
        robot.keyRelease(KeyEvent.VK_ENTER);
        robot.keyRelease(KeyEvent.VK_CONTROL);
        robot.delay((int) midRunMillis);
        ImageIO.write(robot.createScreenCapture(screen), "png", new File(out, "xvfb-mid-run.png"));
        robot.delay((int) doneMillis);
        ImageIO.write(robot.createScreenCapture(screen), "png", new File(out, "xvfb-done.png"));
    }
}
