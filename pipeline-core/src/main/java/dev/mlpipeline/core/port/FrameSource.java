package dev.mlpipeline.core.port;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** Decodes video files into frames. Thread-safe; each opened stream belongs to one thread. */
public interface FrameSource {

    /**
     * Opens a file. Throws {@link java.nio.file.NoSuchFileException} when it is missing and
     * {@link VideoFormatException} when it is not a video with a video stream.
     */
    Stream open(Path file) throws IOException;

    /**
     * The frames of one file in presentation order, upright (rotation metadata already applied), with
     * {@link VideoInfo} describing them as they come out.
     */
    interface Stream extends AutoCloseable {
        VideoInfo info();

        /** The next frame, or empty at the end; a new frame object each time, owned by the caller. */
        Optional<VideoFrame> next() throws IOException;

        /**
         * The caller is done with {@code frame} and will not touch it again, nor its pixels: the stream
         * may reuse its pixel array for a later frame, so that decoding allocates little. A hint; by
         * default nothing happens. May be called from any thread, also after {@link #close()}.
         */
        default void recycle(VideoFrame frame) {
        }

        @Override
        void close();
    }
}
