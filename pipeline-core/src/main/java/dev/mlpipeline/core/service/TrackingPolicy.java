package dev.mlpipeline.core.service;

/**
 * How {@link ObjectTracker} links detections: {@code minIou} is the least overlap (intersection over
 * union) between a track's predicted box and a detection of its class for them to be one object;
 * {@code maxGap} is how many sampled frames in a row an object may be missed (a passing car hiding a
 * sign, a failed inference) and still keep its track. Immutable.
 */
public record TrackingPolicy(double minIou, int maxGap) {
    public static final double DEFAULT_MIN_IOU = 0.3;
    public static final int DEFAULT_MAX_GAP = 2;

    public TrackingPolicy {
        if (!(minIou > 0 && minIou <= 1)) {
            throw new IllegalArgumentException("minIou must be in (0, 1], was " + minIou);
        }
        if (maxGap < 0) {
            throw new IllegalArgumentException("maxGap must not be negative, was " + maxGap);
        }
    }

    public static TrackingPolicy defaults() {
        return new TrackingPolicy(DEFAULT_MIN_IOU, DEFAULT_MAX_GAP);
    }
}
