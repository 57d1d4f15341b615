package dev.mlpipeline.core.service;

import dev.mlpipeline.core.domain.FrameRecord;
import java.util.Locale;

/** Which sampled frames get an annotated image ({@code SAVE_FRAMES}): those with detections, all, or none. */
public enum SaveFrames {
    DETECTIONS, ALL, NONE;

    /** Whether this frame's image is saved. */
    public boolean wants(FrameRecord frame) {
        return this == ALL || this == DETECTIONS && !frame.detections().isEmpty();
    }

    /** The setting named by {@code word} ({@code detections}, {@code all}, {@code none}, any case). */
    public static SaveFrames of(String word) {
        try {
            return valueOf(word.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + word + "' is not one of detections, all, none", e);
        }
    }
}
