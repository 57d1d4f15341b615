package dev.mlpipeline.core.testing;

import dev.mlpipeline.core.domain.ProcessingStats;
import dev.mlpipeline.core.domain.Video;
import dev.mlpipeline.core.domain.VideoId;
import dev.mlpipeline.core.port.VideoCatalog;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** A {@link VideoCatalog} in a map; {@link #add(Video)} plays the main backend's upload. */
public class InMemoryVideoCatalog implements VideoCatalog {
    private final Map<VideoId, Video> videos = new HashMap<>();

    public synchronized Video add(Video video) {
        videos.put(video.id(), video);
        return video;
    }

    @Override
    public synchronized Optional<Video> find(VideoId id) {
        return Optional.ofNullable(videos.get(id));
    }

    @Override
    public void markProcessing(VideoId id, String message, Instant now) {
        update(id, v -> new Video(v.id(), v.storageUrl(), "processing", 0, message, v.annotatedVideoUrl(),
                v.errorMessage(), v.processingStats()));
    }

    @Override
    public void updateProgress(VideoId id, int progress, String message, Instant now) {
        update(id, v -> new Video(v.id(), v.storageUrl(), v.status(), progress, message, v.annotatedVideoUrl(),
                v.errorMessage(), v.processingStats()));
    }

    @Override
    public void markCompleted(VideoId id, String annotatedVideoUrl, ProcessingStats stats, Instant now) {
        update(id, v -> new Video(v.id(), v.storageUrl(), "completed", 100, "Completed", annotatedVideoUrl,
                v.errorMessage(), stats));
    }

    @Override
    public void markError(VideoId id, String message, Instant now) {
        update(id, v -> new Video(v.id(), v.storageUrl(), "error", v.progress(), message, v.annotatedVideoUrl(),
                message, v.processingStats()));
    }

    private synchronized void update(VideoId id, UnaryOperator<Video> change) {
        videos.computeIfPresent(id, (key, video) -> change.apply(video));
    }
}
