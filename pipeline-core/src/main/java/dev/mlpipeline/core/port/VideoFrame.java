package dev.mlpipeline.core.port;

/**
 * One decoded frame: its position in the video, its presentation time, and its pixels, either as packed
 * 8-bit BGR rows or, as decoders hand them out, as planar 8-bit YUV 4:2:0 (I420: the full-size Y plane,
 * then U, then V, each a quarter of it, odd sides rounded up). Owned by whoever holds it; not shared.
 *
 * <p>Keeping a decoder's frames in I420 lets a pipeline that only re-encodes them skip two colour
 * conversions per frame; {@link #bgr()} converts (once) for a reader that needs colour, such as a
 * model. Safe to read from several threads: the conversion may then run twice, with the same result.
 */
public final class VideoFrame {
    /** How the pixels are laid out. */
    public enum Layout {
        /** Packed B, G, R bytes, row by row: {@code width * height * 3} bytes. */
        BGR24,
        /** Planar Y, U, V (4:2:0, ITU-R BT.601 limited range): see {@link VideoFrame#i420Size}. */
        I420
    }

    private final long index;
    private final long timestampMicros;
    private final int width;
    private final int height;
    private final Layout layout;
    private final byte[] pixels;
    private volatile byte[] bgr;

    /**
     * A frame of packed BGR rows, {@code width * height * 3} bytes, not copied.
     *
     * @param index the frame's position in the video
     * @param timestampMicros the frame's presentation time, in microseconds
     * @param width the width in pixels, positive
     * @param height the height in pixels, positive
     * @param bgr the pixels, {@code width * height * 3} bytes; kept, not copied
     * @throws IllegalArgumentException when a side is not positive or {@code bgr} has another length
     * @throws NullPointerException when {@code bgr} is null
     */
    public VideoFrame(long index, long timestampMicros, int width, int height, byte[] bgr) {
        this(index, timestampMicros, width, height, Layout.BGR24, bgr);
    }

    private VideoFrame(long index, long timestampMicros, int width, int height, Layout layout, byte[] pixels) {
        long expected = layout == Layout.BGR24 ? (long) width * height * 3 : i420Size(width, height);
        if (width <= 0 || height <= 0 || pixels.length != expected) {
            throw new IllegalArgumentException(layout + " frame of " + width + "x" + height + " needs "
                    + expected + " bytes, got " + pixels.length);
        }
        this.index = index;
        this.timestampMicros = timestampMicros;
        this.width = width;
        this.height = height;
        this.layout = layout;
        this.pixels = pixels;
        this.bgr = layout == Layout.BGR24 ? pixels : null;
    }

    /**
     * A frame of I420 planes, {@link #i420Size} bytes, not copied.
     *
     * @param index the frame's position in the video
     * @param timestampMicros the frame's presentation time, in microseconds
     * @param width the width in pixels, positive
     * @param height the height in pixels, positive
     * @param yuv the Y, U and V planes, {@link #i420Size} bytes; kept, not copied
     * @return the frame
     * @throws IllegalArgumentException when a side is not positive or {@code yuv} has another length
     * @throws NullPointerException when {@code yuv} is null
     */
    public static VideoFrame i420(long index, long timestampMicros, int width, int height, byte[] yuv) {
        return new VideoFrame(index, timestampMicros, width, height, Layout.I420, yuv);
    }

    /**
     * The bytes an I420 frame of this size takes: the Y plane and two chroma planes of half each side.
     *
     * @param width the width in pixels
     * @param height the height in pixels
     * @return {@code width * height} plus twice the chroma plane, whose sides are rounded up
     */
    public static long i420Size(int width, int height) {
        long chroma = (long) ((width + 1) / 2) * ((height + 1) / 2);
        return (long) width * height + 2 * chroma;
    }

    /** {@return the frame's position in the video} */
    public long index() {
        return index;
    }

    /** {@return the frame's presentation time, in microseconds} */
    public long timestampMicros() {
        return timestampMicros;
    }

    /** {@return the width in pixels, positive} */
    public int width() {
        return width;
    }

    /** {@return the height in pixels, positive} */
    public int height() {
        return height;
    }

    /** {@return how {@link #pixels()} are laid out} */
    public Layout layout() {
        return layout;
    }

    /**
     * The pixels as stored, in {@link #layout()}; not a copy.
     *
     * @return the frame's own array, which a reader must not change
     */
    public byte[] pixels() {
        return pixels;
    }

    /**
     * The pixels as packed BGR rows: the stored array for a BGR frame, else converted once and kept.
     *
     * @return {@code width * height * 3} bytes, not a copy, which a reader must not change
     */
    public byte[] bgr() {
        byte[] converted = bgr;
        if (converted == null) {
            converted = I420.toBgr(pixels, width, height);
            bgr = converted;
        }
        return converted;
    }

    @Override
    public String toString() {
        return "VideoFrame[" + index + " at " + timestampMicros + " us, " + width + "x" + height + " " + layout + "]";
    }
}
