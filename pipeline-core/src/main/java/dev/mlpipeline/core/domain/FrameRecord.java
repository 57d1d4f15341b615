package dev.mlpipeline.core.domain;

import java.util.List;

/**
 * What is recorded of one sampled frame: its number in decoding order, its timestamp, the detections
 * kept for it (over the confidence threshold), or the {@code error} of its failed inference (null
 * otherwise), where it was filmed ({@code position}, null when unknown), and the URL of its annotated
 * image ({@code framePath}, null when none was saved). Immutable.
 *
 * @param frameNumber the frame's number in decoding order
 * @param timestampMicros the frame's presentation time, in microseconds
 * @param detections the detections kept for it; empty when none, or when its inference failed
 * @param error why its inference failed, or null when it did not
 * @param position where it was filmed, or null when unknown
 * @param framePath the URL of its annotated image, or null when none was saved
 */
public record FrameRecord(long frameNumber, long timestampMicros, List<Detection> detections, String error,
        Position position, String framePath) {
    /**
     * Copies the detections.
     *
     * @param frameNumber the frame's number in decoding order
     * @param timestampMicros the frame's timestamp, in microseconds
     * @param detections the detections kept, not null; copied
     * @param error why its inference failed, or null
     * @param position where it was filmed, or null
     * @param framePath the URL of its image, or null
     * @throws NullPointerException when {@code detections} is or holds null
     */
    public FrameRecord {
        detections = List.copyOf(detections);
    }

    /**
     * A record without an image.
     *
     * @param frameNumber the frame's number in decoding order
     * @param timestampMicros the frame's timestamp, in microseconds
     * @param detections the detections kept, not null; copied
     * @param error why its inference failed, or null
     * @param position where it was filmed, or null
     * @throws NullPointerException when {@code detections} is or holds null
     */
    public FrameRecord(long frameNumber, long timestampMicros, List<Detection> detections, String error,
            Position position) {
        this(frameNumber, timestampMicros, detections, error, position, null);
    }

    /** {@return the frame's timestamp, in seconds} */
    public double timestampSeconds() {
        return timestampMicros / 1_000_000.0;
    }
}
