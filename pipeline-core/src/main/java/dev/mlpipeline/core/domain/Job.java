package dev.mlpipeline.core.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * A processing job as stored in {@code processing_jobs}. Optional parts are null when unset:
 * {@code statusMessage}, {@code startedAt}, {@code completedAt}, {@code result}, {@code error},
 * {@code lease}, {@code notBefore}. {@code holdsVideo} says whether the job keeps other jobs of its
 * video from running (see {@link JobField#HOLDS_VIDEO}).
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
        Lease lease,
        Instant notBefore,
        boolean holdsVideo) {

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

    /** A new job as the main backend inserts it: pending, no attempt yet, holding nothing. */
    public static Job pending(JobId id, VideoId videoId, Instant now) {
        return new Job(id, videoId, JobStatus.PENDING, 0, "Queued", now, now, null, null, null, null, 0, null, null,
                false);
    }

    /** The same job holding its video, as {@code POST /jobs} creates it. */
    public Job holdingVideo() {
        return new Job(id, videoId, status, progress, statusMessage, createdAt, updatedAt, startedAt, completedAt,
                result, error, attempts, lease, notBefore, true);
    }

    /** The token of the attempt that holds the job, or null when no worker holds it. */
    public LeaseToken token() {
        if (!JobLifecycle.HELD.contains(status) || lease == null || lease.workerId() == null || attempts < 1) {
            return null;
        }
        return new LeaseToken(id, lease.workerId(), attempts);
    }

    /** Whether the attempt with this token still holds the job. */
    public boolean isHeldBy(LeaseToken token) {
        return token != null && token.equals(token());
    }
}
