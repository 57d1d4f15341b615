package dev.mlpipeline.core.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * A processing job as stored in {@code processing_jobs}. Optional parts are null when unset:
 * {@code statusMessage}, {@code startedAt}, {@code completedAt}, {@code result}, {@code error}, {@code lease}.
 */
public record Job(
        JobId id,
        VideoId videoId,
        JobStatus status,
        int progress,
        String statusMessage,
        Instant createdAt,
        Instant updatedAt,
        Instant startedAt,
        Instant completedAt,
        JobResult result,
        String error,
        int attempts,
        Lease lease) {

    public Job {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(videoId, "videoId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (progress < 0 || progress > 100) {
            throw new IllegalArgumentException("progress must be 0-100, was " + progress);
        }
    }

    public static Job pending(JobId id, VideoId videoId, Instant now) {
        return new Job(id, videoId, JobStatus.PENDING, 0, "Queued", now, now, null, null, null, null, 0, null);
    }
}
