package dev.mlpipeline.core.port;

/**
 * One decoded frame: its position in the video, its presentation time, and its pixels as packed
 * 8-bit BGR rows ({@code width * height * 3} bytes). Owned by whoever holds it; not shared.
 */
public record VideoFrame(long index, long timestampMicros, int width, int height, byte[] bgr) {
    public VideoFrame {
        if (width <= 0 || height <= 0 || bgr.length != (long) width * height * 3) {
            throw new IllegalArgumentException("frame of " + width + "x" + height + " needs "
                    + (long) width * height * 3 + " bytes, got " + bgr.length);
        }
    }
}
