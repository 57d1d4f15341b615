package dev.mlpipeline.core.domain;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A processing job as stored in {@code processing_jobs}. Optional parts are null when unset:
 * {@code statusMessage}, {@code startedAt}, {@code completedAt}, {@code result}, {@code error},
 * {@code lease}, {@code notBefore}, {@code callback}. {@code holdsVideo} says whether the job keeps
 * other jobs of its video from running (see {@link JobField#HOLDS_VIDEO}); {@code callback} is where
 * its end is posted, with the deliveries made (see {@link Callback}).
 *
 * <p>The typed fields are ml-pipeline's reading of the job, with defaults where a document lacks a
 * field. {@code stored} is the document itself as the store holds it, every field and value as
 * written (by ml-pipeline or by another program), in plain values: strings, booleans, nulls, numbers
 * of the width stored ({@link Integer}, {@link Long}, {@link Double}, ...), lists and maps; ids as hex
 * strings and dates as {@link Instant}s. It is what adapters show, so that nothing is dropped or
 * invented; it is empty for a job that no store returned, and for one changed since it was read.
 * Equality and hash code leave {@code stored} out: two jobs are equal when ml-pipeline reads them
 * the same, whichever store or program wrote them.
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
        boolean holdsVideo,
        Callback callback,
        Map<String, Object> stored) {

    public Job {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(videoId, "videoId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (progress < 0 || progress > 100) {
            throw new IllegalArgumentException("progress must be 0-100, was " + progress);
        }
        stored = Collections.unmodifiableMap(new LinkedHashMap<>(stored));
    }

    /** A job that no store returned, without a callback: nothing stored to show. */
    public Job(JobId id, VideoId videoId, JobStatus status, int progress, String statusMessage, Instant createdAt,
            Instant updatedAt, Instant startedAt, Instant completedAt, JobResult result, String error, int attempts,
            Lease lease, Instant notBefore, boolean holdsVideo) {
        this(id, videoId, status, progress, statusMessage, createdAt, updatedAt, startedAt, completedAt, result,
                error, attempts, lease, notBefore, holdsVideo, null, Map.of());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Job job && id.equals(job.id) && videoId.equals(job.videoId)
                && status.equals(job.status) && progress == job.progress
                && Objects.equals(statusMessage, job.statusMessage) && createdAt.equals(job.createdAt)
                && updatedAt.equals(job.updatedAt) && Objects.equals(startedAt, job.startedAt)
                && Objects.equals(completedAt, job.completedAt) && Objects.equals(result, job.result)
                && Objects.equals(error, job.error) && attempts == job.attempts && Objects.equals(lease, job.lease)
                && Objects.equals(notBefore, job.notBefore) && holdsVideo == job.holdsVideo
                && Objects.equals(callback, job.callback);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, videoId, status, progress, statusMessage, createdAt, updatedAt, startedAt, completedAt,
                result, error, attempts, lease, notBefore, holdsVideo, callback);
    }

    /** A new job as the main backend inserts it: pending, no attempt yet, holding nothing. */
    public static Job pending(JobId id, VideoId videoId, Instant now) {
        return new Job(id, videoId, JobStatus.PENDING, 0, "Queued", now, now, null, null, null, null, 0, null, null,
                false);
    }

    /** The same job holding its video, as {@code POST /jobs} creates it. */
    public Job holdingVideo() {
        return new Job(id, videoId, status, progress, statusMessage, createdAt, updatedAt, startedAt, completedAt,
                result, error, attempts, lease, notBefore, true, callback, Map.of());
    }

    /** The same job with {@code value} as its callback (null: none). */
    public Job withCallback(Callback value) {
        return new Job(id, videoId, status, progress, statusMessage, createdAt, updatedAt, startedAt, completedAt,
                result, error, attempts, lease, notBefore, holdsVideo, value, Map.of());
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
