package dev.mlpipeline.core.port;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** Decodes video files into frames. Thread-safe; each opened stream belongs to one thread. */
public interface FrameSource {

    /** Opens a file; throws {@link IOException} when it is missing or not a video. */
    Stream open(Path file) throws IOException;

    /** The frames of one file, in presentation order. */
    interface Stream extends AutoCloseable {
        VideoInfo info();

        /** The next frame, or empty at the end. */
        Optional<VideoFrame> next() throws IOException;

        @Override
        void close();
    }
}
