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
 * the same, whichever store or program wrote them. Immutable.
 *
 * @param id the job's id
 * @param videoId the video the job processes
 * @param status where the job is in its lifecycle (see {@link JobLifecycle})
 * @param progress how far the current attempt got, 0 to 100
 * @param statusMessage a short account of the status for a person to read, or null
 * @param createdAt when the job was created
 * @param updatedAt when the job was last written
 * @param startedAt when the current attempt started processing, or null
 * @param completedAt when the job ended (completed, failed or cancelled), or null
 * @param result what a completed job published, or null
 * @param error why the job failed, or null
 * @param attempts how many attempts have claimed the job so far
 * @param lease which worker holds the job and until when, or null when none does
 * @param notBefore the time before which a pending job is not claimed, or null
 * @param holdsVideo whether the job keeps other jobs of its video from being claimed
 * @param callback where the job's end is posted, with the deliveries made, or null for none
 * @param stored the document as the store holds it, in plain values; empty when there is none to show
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

    /**
     * Checks the parts and copies {@code stored}.
     *
     * @param id the job's id, not null
     * @param videoId the job's video, not null
     * @param status the job's status, not null
     * @param progress the current attempt's progress, 0 to 100
     * @param statusMessage the status message, or null
     * @param createdAt when the job was created, not null
     * @param updatedAt when the job was last written, not null
     * @param startedAt when the current attempt started, or null
     * @param completedAt when the job ended, or null
     * @param result the result, or null
     * @param error the error, or null
     * @param attempts how many attempts claimed the job
     * @param lease the lease, or null
     * @param notBefore when a pending job may be claimed, or null
     * @param holdsVideo whether the job holds its video
     * @param callback the callback, or null
     * @param stored the document as stored, not null (empty: none); copied, in its order
     * @throws NullPointerException when {@code id}, {@code videoId}, {@code status}, {@code createdAt},
     *     {@code updatedAt} or {@code stored} is null
     * @throws IllegalArgumentException when {@code progress} is not within 0 to 100
     */
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

    /**
     * A job that no store returned, without a callback: nothing stored to show.
     *
     * @param id the job's id, not null
     * @param videoId the job's video, not null
     * @param status the job's status, not null
     * @param progress the current attempt's progress, 0 to 100
     * @param statusMessage the status message, or null
     * @param createdAt when the job was created, not null
     * @param updatedAt when the job was last written, not null
     * @param startedAt when the current attempt started, or null
     * @param completedAt when the job ended, or null
     * @param result the result, or null
     * @param error the error, or null
     * @param attempts how many attempts claimed the job
     * @param lease the lease, or null
     * @param notBefore when a pending job may be claimed, or null
     * @param holdsVideo whether the job holds its video
     * @throws NullPointerException when {@code id}, {@code videoId}, {@code status}, {@code createdAt} or
     *     {@code updatedAt} is null
     * @throws IllegalArgumentException when {@code progress} is not within 0 to 100
     */
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

    /**
     * A new job as the main backend inserts it: pending, no attempt yet, holding nothing.
     *
     * @param id the new job's id, not null
     * @param videoId the video to process, not null
     * @param now the creation time, also its last update, not null
     * @return the job, with status message {@code Queued} and no callback
     * @throws NullPointerException when an argument is null
     */
    public static Job pending(JobId id, VideoId videoId, Instant now) {
        return new Job(id, videoId, JobStatus.PENDING, 0, "Queued", now, now, null, null, null, null, 0, null, null,
                false);
    }

    /**
     * The same job holding its video, as {@code POST /jobs} creates it.
     *
     * @return a new job that holds its video, with nothing stored to show
     */
    public Job holdingVideo() {
        return new Job(id, videoId, status, progress, statusMessage, createdAt, updatedAt, startedAt, completedAt,
                result, error, attempts, lease, notBefore, true, callback, Map.of());
    }

    /**
     * The same job with {@code value} as its callback (null: none).
     *
     * @param value the callback, or null for none
     * @return a new job with that callback, with nothing stored to show
     */
    public Job withCallback(Callback value) {
        return new Job(id, videoId, status, progress, statusMessage, createdAt, updatedAt, startedAt, completedAt,
                result, error, attempts, lease, notBefore, holdsVideo, value, Map.of());
    }

    /**
     * The token of the attempt that holds the job, or null when no worker holds it.
     *
     * @return the token of the job's id, its lease's worker and its attempt count; null unless the job is
     *     claimed or processing under a lease that names a worker, after at least one attempt
     */
    public LeaseToken token() {
        if (!JobLifecycle.HELD.contains(status) || lease == null || lease.workerId() == null || attempts < 1) {
            return null;
        }
        return new LeaseToken(id, lease.workerId(), attempts);
    }

    /**
     * Whether the attempt with this token still holds the job.
     *
     * @param token the attempt's token, or null
     * @return true when {@code token} equals {@link #token()}; false for null
     */
    public boolean isHeldBy(LeaseToken token) {
        return token != null && token.equals(token());
    }
}
