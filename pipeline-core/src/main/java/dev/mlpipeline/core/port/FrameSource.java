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

        @Override
        void close();
    }
}
