package dev.mlpipeline.core.port;

import java.time.Instant;

/**
 * What a video's container says about it. {@code frameCountHint} and {@code durationSeconds} are
 * the container's claims, which may be 0 or wrong; {@code fps} may be fractional (29.97);
 * {@code creationTime} is when the camera says it started recording, null when it does not say.
 */
public record VideoInfo(int width, int height, double fps, long frameCountHint, double durationSeconds,
        boolean hasAudio, Instant creationTime) {

    /** A video whose container records no creation time. */
    public VideoInfo(int width, int height, double fps, long frameCountHint, double durationSeconds,
            boolean hasAudio) {
        this(width, height, fps, frameCountHint, durationSeconds, hasAudio, null);
    }
}
