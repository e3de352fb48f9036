package io.pentimento.studio.common;

/** Style classes of the app stylesheet ({@code studio.css}); Java names them, the stylesheet styles them. */
public final class Styles {
    public static final String STYLESHEET = "/io/pentimento/studio/studio.css";
    public static final String ROOT = "pentimento";
    public static final String ICON = "app-icon";
    public static final String PANEL = "panel";
    public static final String PANEL_TITLE = "panel-title";
    public static final String FIELD_LABEL = "field-label";
    public static final String PROMPT = "prompt-area";
    public static final String PRIMARY_ACTION = "primary-action";
    /** AtlantaFX's accent colouring, for the one action that matters most on screen. */
    public static final String ACCENT = "accent";
    public static final String LIVE_VIEW = "live-view";
    public static final String CAPTION = "caption";
    public static final String TIMELINE_STRIP = "timeline-strip";
    public static final String STEP_CELL = "step-cell";
    public static final String GALLERY_CELL = "gallery-cell";
    public static final String QUEUE = "queue-list";
    public static final String UNDO_BAR = "undo-bar";
    public static final String EMPTY_HINT = "empty-hint";
    public static final String STATUS_ITEM = "status-item";
    public static final String CENTRE_TABS = "centre-tabs";
    public static final String KEYFRAME_CARD = "keyframe-card";
    public static final String FILMSTRIP = "filmstrip";
    public static final String FILM_CELL = "film-cell";
    public static final String SCRUBBER = "scrubber";
    /** The caption while a nearer frame stands in for the exact one still rendering. */
    public static final String CAPTION_PENDING = "caption-pending";
    public static final String MODEL_HINT = "model-hint";
    public static final String CANVAS = "canvas-view";
    public static final String CANVAS_VIEWPORT = "canvas-viewport";
    public static final String CANVAS_BAR = "canvas-bar";
    public static final String CANVAS_GAP = "canvas-gap";
    /** The mask overlay's colour: the view reads this rule's background colour. */
    public static final String MASK_TINT = "mask-tint";
    public static final String BRUSH_CURSOR = "brush-cursor";
    public static final String OUTPAINT_FRAME = "outpaint-frame";
    public static final String CANVAS_RUN_PREVIEW = "canvas-run-preview";

    private Styles() {
    }
}
