package dev.mlpipeline.video.io;

import dev.mlpipeline.core.domain.Detection;
import dev.mlpipeline.core.port.VideoFrame;
import dev.mlpipeline.video.draw.I420Painter;
import java.nio.ByteBuffer;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;

/**
 * Native memory for I420 pictures of one size, into which a frame is copied and its boxes drawn by the
 * video's painter: what the encoder and the frame images take. Kept from frame to frame, so that no
 * native memory is allocated per frame. Not thread-safe; the owner closes it.
 */
final class I420Canvas implements AutoCloseable {
    private final int width;
    private final int height;
    private final BytePointer pixels;
    private final ByteBuffer view;
    private final I420Painter painter = new I420Painter();

    I420Canvas(int width, int height) {
        this.width = width;
        this.height = height;
        this.pixels = new BytePointer(VideoFrame.i420Size(width, height));
        this.view = pixels.asByteBuffer();
    }

    boolean fits(int width, int height) {
        return this.width == width && this.height == height;
    }

    /** The native memory, for OpenCV. */
    BytePointer pixels() {
        return pixels;
    }

    /** {@code frame} (of this size, in I420) copied here with {@code detections} drawn on it; position 0. */
    ByteBuffer draw(VideoFrame frame, List<Detection> detections) {
        // absolute: the view stays at position 0, where JavaCV and OpenCV start reading
        view.put(0, frame.pixels());
        painter.draw(view, width, height, detections);
        return view;
    }

    @Override
    public void close() {
        pixels.close();
    }
}
