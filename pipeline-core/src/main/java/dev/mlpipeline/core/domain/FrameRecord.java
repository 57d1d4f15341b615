package dev.mlpipeline.core.domain;

import java.util.List;

/**
 * What is recorded of one sampled frame: its number in decoding order, its timestamp, the detections
 * kept for it (over the confidence threshold), or the {@code error} of its failed inference (null
 * otherwise), and where it was filmed ({@code position}, null when unknown).
 */
public record FrameRecord(long frameNumber, long timestampMicros, List<Detection> detections, String error,
        Position position) {
    public FrameRecord {
        detections = List.copyOf(detections);
    }

    public double timestampSeconds() {
        return timestampMicros / 1_000_000.0;
    }
}
