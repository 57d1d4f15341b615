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
     *
     * @param source the input file, whose audio is copied
     * @param output where the video is published on {@link Writer#commit()}; nothing appears there before
     * @param info what the frames to come are like: their size and rate
     * @return the writer, for one thread, to be closed
     * @throws IOException when the output cannot be started
     */
    Writer create(Path source, Path output, VideoInfo info) throws IOException;

    /**
     * One annotated video being written: frames in order, then {@link #commit()}, and {@link #close()} in
     * any case. Used by one thread.
     */
    interface Writer extends AutoCloseable {
        /**
         * Draws the detections onto the frame and encodes it at the frame's timestamp.
         *
         * @param frame the frame, of the size the writer was created for; not changed
         * @param detections the boxes to draw, in the frame's pixels; empty for none
         * @throws IOException when the frame cannot be encoded
         */
        void write(VideoFrame frame, List<Detection> detections) throws IOException;

        /**
         * Finishes the file and publishes it at its path, durably and in one step; throws
         * {@link java.nio.file.FileAlreadyExistsException} rather than replace a file already there.
         *
         * @throws java.nio.file.FileAlreadyExistsException when a file is at the output path already
         * @throws IOException when the file cannot be finished or published
         */
        void commit() throws IOException;

        /** Releases everything; discards the output unless it was committed. */
        @Override
        void close();
    }
}
