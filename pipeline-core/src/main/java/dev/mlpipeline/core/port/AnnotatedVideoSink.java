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

    /**
     * Starts an output for frames described by {@code info}. {@code source} is the input file, whose
     * audio track, if any, is copied into the output.
     */
    Writer create(Path source, Path output, VideoInfo info) throws IOException;

    interface Writer extends AutoCloseable {
        /** Draws the detections onto the frame and encodes it at the frame's timestamp. */
        void write(VideoFrame frame, List<Detection> detections) throws IOException;

        /**
         * Finishes the file and publishes it at its path, durably and in one step; throws
         * {@link java.nio.file.FileAlreadyExistsException} rather than replace a file already there.
         */
        void commit() throws IOException;

        /** Releases everything; discards the output unless it was committed. */
        @Override
        void close();
    }
}
