package dev.mlpipeline.core.port;

import java.time.Instant;

/**
 * What a video's container says about it. {@code frameCountHint} and {@code durationSeconds} are
 * the container's claims, which may be 0 or wrong; {@code fps} may be fractional (29.97);
 * {@code creationTime} is when the camera says it started recording, null when it does not say.
 * Immutable.
 *
 * @param width the frames' width in pixels, as they come out of the decoder (upright)
 * @param height the frames' height in pixels, as they come out of the decoder (upright)
 * @param fps the frame rate, possibly fractional
 * @param frameCountHint the number of frames the container claims; may be 0 or wrong
 * @param durationSeconds the duration the container claims, in seconds; may be 0 or wrong
 * @param hasAudio whether the file has an audio track
 * @param creationTime when the camera says it started recording, or null when it does not say
 */
public record VideoInfo(int width, int height, double fps, long frameCountHint, double durationSeconds,
        boolean hasAudio, Instant creationTime) {

    /**
     * A video whose container records no creation time.
     *
     * @param width the frames' width in pixels
     * @param height the frames' height in pixels
     * @param fps the frame rate
     * @param frameCountHint the frame count the container claims
     * @param durationSeconds the duration the container claims, in seconds
     * @param hasAudio whether the file has an audio track
     */
    public VideoInfo(int width, int height, double fps, long frameCountHint, double durationSeconds,
            boolean hasAudio) {
        this(width, height, fps, frameCountHint, durationSeconds, hasAudio, null);
    }
}
