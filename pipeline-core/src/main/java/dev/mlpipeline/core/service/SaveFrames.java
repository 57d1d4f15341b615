package dev.mlpipeline.core.service;

import dev.mlpipeline.core.domain.FrameRecord;
import java.util.Locale;

/** Which sampled frames get an annotated image ({@code SAVE_FRAMES}): those with detections, all, or none. */
public enum SaveFrames {
    /** The sampled frames that have detections. */
    DETECTIONS,
    /** Every sampled frame. */
    ALL,
    /** No sampled frame; a run may still save its thumbnail. */
    NONE;

    /**
     * Whether this frame's image is saved.
     *
     * @param frame the sampled frame's record
     * @return true for every frame with {@link #ALL}, for one with detections with {@link #DETECTIONS}
     */
    public boolean wants(FrameRecord frame) {
        return this == ALL || this == DETECTIONS && !frame.detections().isEmpty();
    }

    /**
     * The setting named by {@code word} ({@code detections}, {@code all}, {@code none}, any case).
     *
     * @param word the name; leading and trailing white space is ignored
     * @return the setting
     * @throws IllegalArgumentException when {@code word} names none of them
     * @throws NullPointerException when {@code word} is null
     */
    public static SaveFrames of(String word) {
        try {
            return valueOf(word.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + word + "' is not one of detections, all, none", e);
        }
    }
}
