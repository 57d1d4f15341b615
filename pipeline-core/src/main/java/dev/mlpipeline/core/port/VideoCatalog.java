package dev.mlpipeline.core.port;

import dev.mlpipeline.core.domain.ProcessingStats;
import dev.mlpipeline.core.domain.Video;
import dev.mlpipeline.core.domain.VideoId;
import java.time.Instant;
import java.util.Optional;

/**
 * The main backend's videos, which the pipeline reads and annotates with its progress. Thread-safe.
 * Updates to a video that does not exist change nothing. Throws {@link StoreUnavailableException} when
 * the store cannot be reached.
 */
public interface VideoCatalog {

    Optional<Video> find(VideoId id);

    /** Status {@code processing}, progress 0. */
    void markProcessing(VideoId id, String message, Instant now);

    void updateProgress(VideoId id, int progress, String message, Instant now);

    /** Status {@code completed}, progress 100, with where the annotated video is and what was found. */
    void markCompleted(VideoId id, String annotatedVideoUrl, ProcessingStats stats, Instant now);

    /** Status {@code error} with the reason in {@code error_message}. */
    void markError(VideoId id, String message, Instant now);
}
