package dev.mlpipeline.core.testing;

import dev.mlpipeline.core.domain.JobId;
import dev.mlpipeline.core.domain.JobResult;
import dev.mlpipeline.core.domain.LeaseToken;
import dev.mlpipeline.core.domain.Video;
import dev.mlpipeline.core.domain.VideoId;
import dev.mlpipeline.core.port.VideoCatalog;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
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
    public synchronized List<Video> listProcessing(int limit) {
        return videos.values().stream()
                .filter(v -> "processing".equals(v.status()) && v.pipelineLease() != null)
                .limit(limit)
                .toList();
    }

    @Override
    public boolean markProcessing(VideoId id, LeaseToken expected, LeaseToken attempt, String message,
            Instant now) {
        return update(id, v -> Objects.equals(v.pipelineLease(), expected),
                v -> new Video(v.id(), v.storageUrl(), "processing", 0, message, v.annotatedVideoUrl(),
                        v.errorMessage(), v.processingStats(), attempt, v.survey()));
    }

    @Override
    public boolean updateProgress(VideoId id, LeaseToken attempt, int progress, String message, Duration eta,
            Instant now) {
        return update(id, v -> attempt.equals(v.pipelineLease()) && "processing".equals(v.status()),
                v -> new Video(v.id(), v.storageUrl(), v.status(), progress, message, v.annotatedVideoUrl(),
                        v.errorMessage(), v.processingStats(), v.pipelineLease(), v.survey()));
    }

    @Override
    public boolean markCompleted(VideoId id, LeaseToken attempt, JobResult result, Instant now) {
        return update(id, v -> attempt.equals(v.pipelineLease()),
                v -> new Video(v.id(), v.storageUrl(), "completed", 100, "Completed", result.annotatedVideoUrl(),
                        v.errorMessage(), result.stats(), v.pipelineLease(), v.survey()));
    }

    @Override
    public boolean markError(VideoId id, LeaseToken attempt, String message, Instant now) {
        return update(id, v -> attempt.equals(v.pipelineLease()), v -> errored(v, message));
    }

    @Override
    public boolean markCancelled(VideoId id, LeaseToken attempt, Instant now) {
        return update(id, v -> attempt.equals(v.pipelineLease()) && "processing".equals(v.status()),
                v -> new Video(v.id(), v.storageUrl(), "cancelled", v.progress(), "Cancelled", v.annotatedVideoUrl(),
                        v.errorMessage(), v.processingStats(), v.pipelineLease(), v.survey()));
    }

    @Override
    public boolean markAbandoned(VideoId id, JobId job, String message, Instant now) {
        return update(id, v -> v.pipelineLease() != null && v.pipelineLease().jobId().equals(job),
                v -> errored(v, message));
    }

    private static Video errored(Video v, String message) {
        return new Video(v.id(), v.storageUrl(), "error", v.progress(), message, v.annotatedVideoUrl(), message,
                v.processingStats(), v.pipelineLease(), v.survey());
    }

    private synchronized boolean update(VideoId id, Predicate<Video> guard, UnaryOperator<Video> change) {
        Video video = videos.get(id);
        if (video == null || !guard.test(video)) {
            return false;
        }
        videos.put(id, change.apply(video));
        return true;
    }
}
