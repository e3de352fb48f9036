package io.pentimento.studio.common;

import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.collections.ListChangeListener;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.SplitPane;

/**
 * A split pane around one picture: the panels beside it keep the size the user dragged them to, and when the window
 * is too small for both the panels give way first ({@link PanelSizes}). A plain SplitPane keeps fixed panels fixed
 * and lets the picture take every cut, or shares cuts in proportion; neither is what an image tool wants.
 * <p>
 * Each panel's size is a property (0: its default) for the settings to keep; dragging a divider sets it.
 */
public final class PrioritySplitPane extends SplitPane {
    private final double pictureShare;
    private final double pictureMin;
    private final List<Side> sides = new ArrayList<>();
    private int picture = -1;
    private boolean laying;

    private record Side(Node node, double defaultSize, double min, DoubleProperty size) {
        double preferred() {
            double s = size.get();
            return s > 0 ? Math.max(min, s) : defaultSize;
        }
    }

    /**
     * A split along {@code orientation} whose picture keeps at least {@code pictureShare} of the length, and at least
     * {@code pictureMin} pixels while the panels can still shrink.
     */
    public PrioritySplitPane(Orientation orientation, double pictureShare, double pictureMin) {
        setOrientation(orientation);
        this.pictureShare = pictureShare;
        this.pictureMin = pictureMin;
        // the SplitPane makes new Divider objects whenever its items change: listen to each one it makes
        getDividers().addListener((ListChangeListener<Divider>) c -> {
            while (c.next()) {
                c.getAddedSubList().forEach(this::watch);
            }
        });
    }

    /** Adds a panel of {@code defaultSize} pixels that shrinks no further than {@code min}; returns its size. */
    public DoubleProperty addPanel(Node node, double defaultSize, double min) {
        Side side = new Side(node, defaultSize, min, new SimpleDoubleProperty(this, "panelSize", 0));
        sides.add(side);
        SplitPane.setResizableWithParent(node, false);
        getItems().add(node);
        return side.size();
    }

    /** Adds the picture: the item that takes what the panels leave. */
    public void addPicture(Node node) {
        if (picture >= 0) {
            throw new IllegalStateException("a split has one picture");
        }
        picture = getItems().size();
        getItems().add(node);
    }

    private void watch(Divider divider) {
        divider.positionProperty().addListener((o, a, p) -> {
            int d = getDividers().indexOf(divider);
            if (!laying && d >= 0) {
                dragged(d);
            }
        });
    }

    private double length() {
        return getOrientation() == Orientation.HORIZONTAL ? getWidth() : getHeight();
    }

    /**
     * The user moved divider {@code d}: the outer panel next to it keeps its new size, within what leaves the picture
     * its share, and the other panels keep the sizes they have now, so what the user sees is what comes back.
     */
    private void dragged(int d) {
        double total = length();
        if (total <= 0 || picture < 0) {
            return;
        }
        int item = d < picture ? d : d + 1;
        double[] positions = getDividerPositions();
        double others = 0;
        for (int i = 0; i < getItems().size(); i++) {
            if (i != item && i != picture) {
                double now = itemSize(positions, i) * total;
                others += now;
                sideAt(i).size().set(Math.round(Math.max(sideAt(i).min(), now)));
            }
        }
        Side side = sideAt(item);
        double size = itemSize(positions, item) * total;
        double most = total - Math.max(pictureMin, total * pictureShare) - others;
        side.size().set(Math.round(Math.max(side.min(), Math.min(size, Math.max(side.min(), most)))));
    }

    /** Item {@code i}'s share of the length between the dividers around it. */
    private double itemSize(double[] positions, int i) {
        double start = i == 0 ? 0 : positions[i - 1];
        double end = i == getItems().size() - 1 ? 1 : positions[i];
        return end - start;
    }

    private Side sideAt(int item) {
        return sides.get(item < picture ? item : item - 1);
    }

    @Override
    protected void layoutChildren() {
        laying = true;
        try {
            super.layoutChildren();
            double total = length();
            if (total <= 0 || picture < 0 || getDividers().isEmpty()) {
                return;
            }
            double[] wanted = positions(total);
            double[] now = getDividerPositions();
            for (int i = 0; i < wanted.length; i++) {
                if (Math.abs(wanted[i] - now[i]) * total > 0.5) {
                    setDividerPositions(wanted);
                    super.layoutChildren();
                    return;
                }
            }
        } finally {
            laying = false;
        }
    }

    /** The divider positions that give each panel its fitted size. */
    private double[] positions(double total) {
        PanelSizes.Side[] wanted = new PanelSizes.Side[sides.size()];
        for (int i = 0; i < wanted.length; i++) {
            wanted[i] = new PanelSizes.Side(sides.get(i).preferred(), sides.get(i).min());
        }
        double[] fitted = PanelSizes.fit(total, pictureShare, pictureMin, wanted);
        int items = getItems().size();
        double[] sizes = new double[items];
        for (int i = 0; i < items; i++) {
            sizes[i] = i == picture ? 0 : fitted[i < picture ? i : i - 1];
        }
        double[] positions = new double[items - 1];
        double fromStart = 0;
        for (int d = 0; d < picture; d++) {
            fromStart += sizes[d];
            positions[d] = fromStart / total;
        }
        double fromEnd = 0;
        for (int d = items - 2; d >= picture; d--) {
            fromEnd += sizes[d + 1];
            positions[d] = 1 - fromEnd / total;
        }
        return positions;
    }
}
