package dev.mlpipeline.core.service;

/**
 * How {@link ObjectTracker} links detections: {@code minIou} is the least overlap (intersection over
 * union) between a track's predicted box and a detection of its class for them to be one object;
 * {@code maxGap} is how many sampled frames in a row an object may be missed (a passing car hiding a
 * sign, a failed inference) and still keep its track. Immutable.
 *
 * @param minIou the least overlap for a detection to continue a track, in (0, 1]
 * @param maxGap how many sampled frames in a row a track may be missed and go on
 */
public record TrackingPolicy(double minIou, int maxGap) {
    /** The least overlap by default. */
    public static final double DEFAULT_MIN_IOU = 0.3;
    /** The sampled frames a track may be missed in a row by default. */
    public static final int DEFAULT_MAX_GAP = 2;

    /**
     * Checks the policy.
     *
     * @param minIou the least overlap, in (0, 1]
     * @param maxGap the frames a track may be missed, not negative
     * @throws IllegalArgumentException when a value is out of its range
     */
    public TrackingPolicy {
        if (!(minIou > 0 && minIou <= 1)) {
            throw new IllegalArgumentException("minIou must be in (0, 1], was " + minIou);
        }
        if (maxGap < 0) {
            throw new IllegalArgumentException("maxGap must not be negative, was " + maxGap);
        }
    }

    /**
     * The policy by default: {@link #DEFAULT_MIN_IOU} and {@link #DEFAULT_MAX_GAP}.
     *
     * @return the policy
     */
    public static TrackingPolicy defaults() {
        return new TrackingPolicy(DEFAULT_MIN_IOU, DEFAULT_MAX_GAP);
    }
}
