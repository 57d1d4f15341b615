package dev.mlpipeline.core.port;

import dev.mlpipeline.core.domain.Detection;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Draws detections onto frames and encodes them as a video file. Thread-safe; each writer belongs to
 * one thread. The file appears at its path only on {@link Writer#commit()}, so a failed or abandoned
 * run never leaves a half-written video where a complete one is expected.
 */
public interface AnnotatedVideoSink {

    Writer create(Path output, VideoInfo info) throws IOException;

    interface Writer extends AutoCloseable {
        void write(VideoFrame frame, List<Detection> detections) throws IOException;

        /** Finishes the file and moves it into place. */
        void commit() throws IOException;

        /** Releases everything; discards the output unless it was committed. */
        @Override
        void close();
    }
}
