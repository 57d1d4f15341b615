package dev.mlpipeline.core.port;

/**
 * What a video's container says about it. {@code frameCountHint} and {@code durationSeconds} are
 * the container's claims, which may be 0 or wrong; {@code fps} may be fractional (29.97).
 */
public record VideoInfo(int width, int height, double fps, long frameCountHint, double durationSeconds,
        boolean hasAudio) {
}
