package dev.mlpipeline.core.domain;

import java.util.List;

/**
 * What is recorded of one sampled frame: its number in decoding order, its timestamp, the detections
 * kept for it (over the confidence threshold), or the {@code error} of its failed inference (null
 * otherwise), where it was filmed ({@code position}, null when unknown), and the URL of its annotated
 * image ({@code framePath}, null when none was saved).
 */
public record FrameRecord(long frameNumber, long timestampMicros, List<Detection> detections, String error,
        Position position, String framePath) {
    public FrameRecord {
        detections = List.copyOf(detections);
    }

    /** A record without an image. */
    public FrameRecord(long frameNumber, long timestampMicros, List<Detection> detections, String error,
            Position position) {
        this(frameNumber, timestampMicros, detections, error, position, null);
    }

    public double timestampSeconds() {
        return timestampMicros / 1_000_000.0;
    }
}
