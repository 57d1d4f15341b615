package dev.mlpipeline.core.service;

import java.time.Duration;

/**
 * How a video goes through the pipeline: every {@code frameInterval}-th frame is sent to the model,
 * detections under {@code confidenceThreshold} are dropped, at most {@code maxInFlight} inference
 * requests run at once, progress is reported at most once per {@code progressEvery}, and a run in
 * which more than {@code maxFailedFrameRatio} of the sampled frames failed inference fails.
 */
public record PipelineSettings(int frameInterval, double confidenceThreshold, int maxInFlight, Duration progressEvery,
        double maxFailedFrameRatio) {
    public static final int DEFAULT_FRAME_INTERVAL = 3;
    public static final double DEFAULT_CONFIDENCE_THRESHOLD = 0.25;
    public static final int DEFAULT_MAX_IN_FLIGHT = 4;
    public static final double DEFAULT_MAX_FAILED_FRAME_RATIO = 0.1;

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
        if (!(maxFailedFrameRatio >= 0 && maxFailedFrameRatio <= 1)) {
            throw new IllegalArgumentException("maxFailedFrameRatio must be in [0, 1]");
        }
    }

    public static PipelineSettings defaults() {
        return new PipelineSettings(DEFAULT_FRAME_INTERVAL, DEFAULT_CONFIDENCE_THRESHOLD, DEFAULT_MAX_IN_FLIGHT,
                Duration.ofSeconds(1), DEFAULT_MAX_FAILED_FRAME_RATIO);
    }

    /**
     * Frames decoded ahead of the encoder: enough for every in-flight request's frame and the frames
     * between samples, and no more, so memory is bounded whatever the video's length.
     */
    int queueCapacity() {
        return Math.max(8, (maxInFlight + 1) * frameInterval);
    }
}
