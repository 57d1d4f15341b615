package dev.mlpipeline.core.port;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** Decodes video files into frames. Thread-safe; each opened stream belongs to one thread. */
public interface FrameSource {

    /**
     * Opens a file. Throws {@link java.nio.file.NoSuchFileException} when it is missing and
     * {@link VideoFormatException} when it is not a video with a video stream.
     *
     * @param file the video file
     * @return its frames, for one thread, to be closed
     * @throws java.nio.file.NoSuchFileException when the file is missing
     * @throws VideoFormatException when it is not a video with a video stream
     * @throws IOException when it cannot be read
     */
    Stream open(Path file) throws IOException;

    /**
     * The frames of one file in presentation order, upright (rotation metadata already applied), with
     * {@link VideoInfo} describing them as they come out.
     */
    interface Stream extends AutoCloseable {
        /** {@return what the video is like as its frames come out: their upright size, their rate} */
        VideoInfo info();

        /**
         * The next frame, or empty at the end; a new frame object each time, owned by the caller.
         *
         * @return the frame, or empty after the last one
         * @throws IOException when the file cannot be read or decoded further
         */
        Optional<VideoFrame> next() throws IOException;

        /**
         * The caller is done with {@code frame} and will not touch it again, nor its pixels: the stream
         * may reuse its pixel array for a later frame, so that decoding allocates little. A hint; by
         * default nothing happens. May be called from any thread, also after {@link #close()}.
         *
         * @param frame a frame of this stream that the caller is done with
         */
        default void recycle(VideoFrame frame) {
        }

        @Override
        void close();
    }
}
