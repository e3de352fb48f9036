package io.pentimento.studio.common;

import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignA;
import org.kordamp.ikonli.materialdesign2.MaterialDesignB;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignD;
import org.kordamp.ikonli.materialdesign2.MaterialDesignE;
import org.kordamp.ikonli.materialdesign2.MaterialDesignF;
import org.kordamp.ikonli.materialdesign2.MaterialDesignH;
import org.kordamp.ikonli.materialdesign2.MaterialDesignI;
import org.kordamp.ikonli.materialdesign2.MaterialDesignL;
import org.kordamp.ikonli.materialdesign2.MaterialDesignM;
import org.kordamp.ikonli.materialdesign2.MaterialDesignN;
import org.kordamp.ikonli.materialdesign2.MaterialDesignO;
import org.kordamp.ikonli.materialdesign2.MaterialDesignP;
import org.kordamp.ikonli.materialdesign2.MaterialDesignR;
import org.kordamp.ikonli.materialdesign2.MaterialDesignS;
import org.kordamp.ikonli.materialdesign2.MaterialDesignT;
import org.kordamp.ikonli.materialdesign2.MaterialDesignU;

/** Every icon the studio shows, by what it means; the glyph behind a name can change in one place. */
public enum AppIcon {
    GENERATE(MaterialDesignP.PLAY),
    CANCEL(MaterialDesignS.STOP),
    ADD_TO_QUEUE(MaterialDesignP.PLAYLIST_PLUS),
    REMOVE(MaterialDesignC.CLOSE),
    MOVE_EARLIER(MaterialDesignA.ARROW_UP),
    MOVE_LATER(MaterialDesignA.ARROW_DOWN),
    RANDOM_SEED(MaterialDesignD.DICE_5),
    SEED_LOCKED(MaterialDesignL.LOCK),
    SEED_UNLOCKED(MaterialDesignL.LOCK_OPEN_VARIANT),
    REUSE_SEED(MaterialDesignH.HISTORY),
    BRANCH(MaterialDesignS.SOURCE_BRANCH),
    FAVOURITE(MaterialDesignS.STAR),
    NOT_FAVOURITE(MaterialDesignS.STAR_OUTLINE),
    DELETE(MaterialDesignD.DELETE_OUTLINE),
    UNDO(MaterialDesignU.UNDO),
    RESTORE_PARAMETERS(MaterialDesignF.FILE_RESTORE_OUTLINE),
    OPEN_MODEL(MaterialDesignF.FOLDER_OPEN),
    MODEL_INFO(MaterialDesignI.INFORMATION_OUTLINE),
    DEVICE(MaterialDesignC.CHIP),
    THEME(MaterialDesignT.THEME_LIGHT_DARK),
    SEARCH(MaterialDesignM.MAGNIFY),
    TIMELINE(MaterialDesignT.TIMELINE_CLOCK_OUTLINE),
    GALLERY(MaterialDesignI.IMAGE_MULTIPLE),
    INIT_IMAGE(MaterialDesignI.IMAGE_EDIT_OUTLINE),
    INTERPOLATE(MaterialDesignT.TRANSIT_CONNECTION_VARIANT),
    ADD_KEYFRAME(MaterialDesignP.PLUS_CIRCLE_OUTLINE),
    REMOVE_KEYFRAME(MaterialDesignM.MINUS_CIRCLE_OUTLINE),
    RENDER_FRAMES(MaterialDesignM.MOVIE_ROLL),
    FILMSTRIP(MaterialDesignF.FILMSTRIP),
    EXPORT_ANIMATION(MaterialDesignE.EXPORT),
    EXPORT_FRAMES(MaterialDesignF.FOLDER_IMAGE),
    OPEN_AS_RUN(MaterialDesignO.OPEN_IN_NEW),
    MIX(MaterialDesignT.TUNE_VARIANT),
    CANVAS(MaterialDesignD.DRAW),
    LIVE(MaterialDesignI.IMAGE_AREA),
    OPEN_IMAGE(MaterialDesignI.IMAGE_PLUS),
    PASTE(MaterialDesignC.CONTENT_PASTE),
    OPEN_MASK(MaterialDesignI.IMAGE_FILTER_BLACK_WHITE),
    BRUSH(MaterialDesignB.BRUSH),
    ERASER(MaterialDesignE.ERASER),
    REDO(MaterialDesignR.REDO),
    INVERT_MASK(MaterialDesignI.INVERT_COLORS),
    CLEAR_MASK(MaterialDesignS.SELECT_OFF),
    FILL_MASK(MaterialDesignF.FORMAT_COLOR_FILL),
    ZOOM_FIT(MaterialDesignF.FIT_TO_PAGE_OUTLINE),
    ZOOM_ACTUAL(MaterialDesignN.NUMERIC_1_BOX_OUTLINE),
    UNSAVED(MaterialDesignC.CONTENT_SAVE_ALERT_OUTLINE),
    INVERT_PICTURE(MaterialDesignR.REWIND),
    AUTO_MASK(MaterialDesignA.AUTO_FIX),
    SAVE_TO_GALLERY(MaterialDesignC.CONTENT_SAVE_OUTLINE);

    private final Ikon ikon;

    AppIcon(Ikon ikon) {
        this.ikon = ikon;
    }

    /** A new icon node; size and colour come from the stylesheet's {@code .app-icon} rule. */
    public FontIcon node() {
        FontIcon icon = new FontIcon(ikon);
        icon.getStyleClass().add(Styles.ICON);
        return icon;
    }
}
