package io.pentimento.studio.interpolate;

/** How an animation loops. */
public enum LoopMode {
    /** Start to end, then jump back to the start. */
    NONE("No loop"),
    /** There and back: the frames forward, then backward without repeating the ends. */
    PINGPONG("Ping-pong"),
    /** A closed walk: the last keyframe walks on to the first, so the end flows into the start. */
    CLOSED("Closed loop");

    private final String label;

    LoopMode(String label) {
        this.label = label;
    }

    @Override
    public String toString() {
        return label;
    }
}
