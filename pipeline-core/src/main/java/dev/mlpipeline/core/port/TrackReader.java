package dev.mlpipeline.core.port;

import dev.mlpipeline.core.domain.GpsTrack;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads the GPS track that the main backend extracted beside a video. Thread-safe. Throws
 * {@link java.nio.file.NoSuchFileException} for a missing file and {@link TrackFormatException} for
 * one that holds no usable track; a bad track never fails a job, it only leaves its frames unplaced.
 */
public interface TrackReader {
    /**
     * The track in {@code file}.
     *
     * @param file the track file
     * @return the track, with at least one point
     * @throws java.nio.file.NoSuchFileException when the file is missing
     * @throws TrackFormatException when it holds no usable track
     * @throws IOException when it cannot be read
     */
    GpsTrack read(Path file) throws IOException;
}
