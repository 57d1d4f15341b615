package dev.mlpipeline.core.port;

/**
 * Compresses a frame, shrunk, to the JPEG a remote model is sent. A model adapter that sends images
 * takes one, so that the host can give it a fast native encoder while the adapter keeps a portable
 * one of its own: every sampled frame is compressed once, on the cores the video's encoder also needs.
 * Implementations are thread-safe.
 */
@FunctionalInterface
public interface JpegEncoder {
    /**
     * The frame, shrunk by area averaging (each output pixel the mean of the pixels it covers) to
     * {@code width x height}, as a baseline JFIF JPEG in 4:2:0 colour.
     *
     * @param frame the frame; not changed
     * @param width the image's width, from 1 to the frame's width
     * @param height the image's height, from 1 to the frame's height
     * @param quality the JPEG quality, 1 to 100
     * @return the JPEG's bytes
     * @throws IllegalArgumentException when a size is out of range or the quality is not in 1-100
     * @throws IllegalStateException when the encoder fails
     */
    byte[] encode(VideoFrame frame, int width, int height, int quality);

    /**
     * Checks the arguments of {@link #encode}, for implementations.
     *
     * @param frame the frame
     * @param width the image's width
     * @param height the image's height
     * @param quality the JPEG quality
     * @throws IllegalArgumentException when a size is out of range or the quality is not in 1-100
     */
    static void checkArguments(VideoFrame frame, int width, int height, int quality) {
        if (width < 1 || height < 1 || width > frame.width() || height > frame.height()) {
            throw new IllegalArgumentException("cannot shrink " + frame.width() + "x" + frame.height() + " to "
                    + width + "x" + height);
        }
        if (quality < 1 || quality > 100) {
            throw new IllegalArgumentException("the JPEG quality must be in [1, 100], got " + quality);
        }
    }
}
