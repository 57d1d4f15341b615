package dev.mlpipeline.core.service;

import java.time.Duration;
import java.util.Objects;

/**
 * How a video goes through the pipeline: every {@code frameInterval}-th frame is sent to the model,
 * detections under {@code confidenceThreshold} are dropped, at most {@code maxInFlight} inference
 * requests run at once (fewer while fewer keep the encoder fed), progress is reported at most once per
 * {@code progressEvery}, {@code failures} says when failed inference fails the whole run, and {@code tracking}
 * how detections are linked into objects. Immutable.
 *
 * @param frameInterval every how many frames one is sent to the model
 * @param confidenceThreshold the least confidence a detection needs to be kept
 * @param maxInFlight the most inference requests running at once
 * @param progressEvery the least time between two progress reports
 * @param failures when failed inference fails the whole run
 * @param tracking how detections are linked into objects
 */
public record PipelineSettings(int frameInterval, double confidenceThreshold, int maxInFlight, Duration progressEvery,
        FailurePolicy failures, TrackingPolicy tracking) {
    /** Every third frame is sent to the model by default. */
    public static final int DEFAULT_FRAME_INTERVAL = 3;
    /** The least confidence kept by default. */
    public static final double DEFAULT_CONFIDENCE_THRESHOLD = 0.25;
    /** A cap, not a setting to tune: the run sizes its requests in flight itself (see InFlightLimit). */
    public static final int DEFAULT_MAX_IN_FLIGHT = 32;
    /** Progress is reported at most once a second by default. */
    public static final Duration DEFAULT_PROGRESS_EVERY = Duration.ofSeconds(1);

    /**
     * Checks the settings.
     *
     * @param frameInterval every how many frames one is sampled, at least 1
     * @param confidenceThreshold the least confidence kept, in [0, 1]
     * @param maxInFlight the most requests at once, at least 1
     * @param progressEvery the least time between progress reports, not negative
     * @param failures the failure policy, not null
     * @param tracking the tracking policy, not null
     * @throws IllegalArgumentException when a setting is out of its range
     * @throws NullPointerException when a duration or a policy is null
     */
    public PipelineSettings {
        if (frameInterval < 1) {
            throw new IllegalArgumentException("frameInterval must be at least 1");
        }
        if (!(confidenceThreshold >= 0 && confidenceThreshold <= 1)) {
            throw new IllegalArgumentException("confidenceThreshold must be in [0, 1]");
        }
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1");
        }
        if (progressEvery.isNegative()) {
            throw new IllegalArgumentException("progressEvery must not be negative");
        }
        Objects.requireNonNull(failures, "failures");
        Objects.requireNonNull(tracking, "tracking");
    }

    /**
     * The settings by default: the {@code DEFAULT_} constants and the default policies.
     *
     * @return the settings
     */
    public static PipelineSettings defaults() {
        return new PipelineSettings(DEFAULT_FRAME_INTERVAL, DEFAULT_CONFIDENCE_THRESHOLD, DEFAULT_MAX_IN_FLIGHT,
                DEFAULT_PROGRESS_EVERY, FailurePolicy.defaults(), TrackingPolicy.defaults());
    }

    /**
     * Settings with the default tracking.
     *
     * @param frameInterval every how many frames one is sampled, at least 1
     * @param confidenceThreshold the least confidence kept, in [0, 1]
     * @param maxInFlight the most requests at once, at least 1
     * @param progressEvery the least time between progress reports, not negative
     * @param failures the failure policy, not null
     * @throws IllegalArgumentException when a setting is out of its range
     * @throws NullPointerException when {@code progressEvery} or {@code failures} is null
     */
    public PipelineSettings(int frameInterval, double confidenceThreshold, int maxInFlight, Duration progressEvery,
            FailurePolicy failures) {
        this(frameInterval, confidenceThreshold, maxInFlight, progressEvery, failures, TrackingPolicy.defaults());
    }

    /**
     * Frames decoded ahead of the encoder: enough for every in-flight request's frame and the frames
     * between samples, and no more, so memory is bounded whatever the video's length.
     */
    int queueCapacity() {
        return Math.max(8, (maxInFlight + 1) * frameInterval);
    }
}
