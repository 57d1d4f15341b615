package dev.mlpipeline.core.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * The job's lifecycle: which transitions exist, from which statuses, and what each writes.
 *
 * <pre>
 *   pending --claim--> claimed --start--> processing --complete--> completed
 *      ^                  |                  |    \--fail--------> failed
 *      |                  +------ fail ------+--> failed
 *      +---- release -----+------ release ---+       (an orphaned held job is claimed again, or
 *      |                                                abandoned: failed, after its last attempt)
 *      |   pending, claimed, processing --cancel--> cancelled
 *      +---------------------- retry --- failed, cancelled
 * </pre>
 *
 * Every transition of a held job is fenced by the attempt's {@link LeaseToken}. Cancel and retry are
 * an operator's {@link JobOverride}s instead, made whoever holds the job; the attempt running a job
 * that was cancelled finds its next fenced write refused. A job holds its video (no other job of it is
 * claimed) from its claim, or from its creation through {@code POST /jobs} or a retry, until it
 * completes, fails or is cancelled. The attempt count only grows (a release takes back the claim's
 * increment of an attempt that ends there), so a retried job's next attempt never reuses a token of
 * one that may still be running.
 */
public final class JobLifecycle {
    /** The statuses in which a worker holds the job under a lease. */
    public static final Set<JobStatus> HELD = Set.of(JobStatus.CLAIMED, JobStatus.PROCESSING);
    /** The statuses of a job that is not finished: pending or held. */
    public static final Set<JobStatus> OPEN =
            Set.of(JobStatus.PENDING, JobStatus.CLAIMED, JobStatus.PROCESSING);

    /** The statuses of a job that a retry queues again. */
    public static final Set<JobStatus> RETRYABLE = Set.of(JobStatus.FAILED, JobStatus.CANCELLED);

    private static final Set<JobStatus> CLAIMED = Set.of(JobStatus.CLAIMED);
    private static final Set<JobStatus> PROCESSING = Set.of(JobStatus.PROCESSING);

    private JobLifecycle() {
    }

    /**
     * What a claim writes into the job it takes; the attempt it starts is the old count plus one.
     *
     * @param workerId the claiming worker's id, not null
     * @param now the time of the claim, not null
     * @param lease how long the lease lasts from {@code now}, not null
     * @return the changes: status {@code claimed}, the lease, the hold on the video and one attempt more;
     *     a repository applies them only to a job that {@link QueueRules#isClaimable} allows
     * @throws NullPointerException when an argument is null
     */
    public static JobChanges claim(String workerId, Instant now, Duration lease) {
        return JobChanges.at(now)
                .status(JobStatus.CLAIMED)
                .message("Claimed")
                .set(JobField.WORKER_ID, workerId)
                .set(JobField.CLAIMED_AT, now)
                .set(JobField.LEASE_EXPIRES_AT, now.plus(lease))
                .set(JobField.HOLDS_VIDEO, Boolean.TRUE)
                .unset(JobField.RESULT, JobField.ERROR, JobField.COMPLETED_AT, JobField.NOT_BEFORE)
                .attempts(1)
                .build();
    }

    /**
     * The claimed job is being worked on.
     *
     * @param token the attempt's token, not null
     * @param message the status message, not null
     * @param now the time of the change, not null
     * @return the transition to {@code processing} at progress 0, which applies only while the job is
     *     claimed and held by the attempt of {@code token}
     * @throws NullPointerException when an argument is null
     */
    public static JobTransition start(LeaseToken token, String message, Instant now) {
        return new JobTransition("start a job", token, CLAIMED, JobChanges.at(now)
                .status(JobStatus.PROCESSING)
                .progress(0)
                .message(message)
                .set(JobField.STARTED_AT, now)
                .build());
    }

    /**
     * Extends the lease to {@code now + lease}.
     *
     * @param token the attempt's token, not null
     * @param now the time of the renewal, not null
     * @param lease how long the lease lasts from {@code now}, not null
     * @return the transition, which applies only while the job is claimed or processing and held by the
     *     attempt of {@code token}
     * @throws NullPointerException when an argument is null
     */
    public static JobTransition renew(LeaseToken token, Instant now, Duration lease) {
        return new JobTransition("renew a lease", token, HELD, JobChanges.at(now)
                .set(JobField.LEASE_EXPIRES_AT, now.plus(lease))
                .build());
    }

    /**
     * Records how far the attempt processing the job got.
     *
     * @param token the attempt's token, not null
     * @param progress how far it got, 0 to 100
     * @param message the status message, not null
     * @param now the time of the change, not null
     * @return the transition, which applies only while the job is processing and held by the attempt of
     *     {@code token}
     * @throws NullPointerException when an argument is null
     */
    public static JobTransition progress(LeaseToken token, int progress, String message, Instant now) {
        return new JobTransition("record progress", token, PROCESSING, JobChanges.at(now)
                .progress(progress)
                .message(message)
                .build());
    }

    /**
     * The job is done; its result names what the attempt published.
     *
     * @param token the attempt's token, not null
     * @param result what the attempt published, not null
     * @param now the time the job completed, not null
     * @return the transition to {@code completed} at progress 100, which releases the hold on the video and
     *     applies only while the job is processing and held by the attempt of {@code token}
     * @throws NullPointerException when an argument is null
     */
    public static JobTransition complete(LeaseToken token, JobResult result, Instant now) {
        return new JobTransition("complete a job", token, PROCESSING, JobChanges.at(now)
                .status(JobStatus.COMPLETED)
                .progress(100)
                .message("Completed")
                .set(JobField.COMPLETED_AT, now)
                .set(JobField.RESULT, result)
                .unset(JobField.ERROR, JobField.HOLDS_VIDEO)
                .build());
    }

    /**
     * The attempt gives up on the job: status {@code failed} with its error, the hold on the video released.
     *
     * @param token the attempt's token, not null
     * @param error why the job failed, for a person to read; not null
     * @param now the time the job failed, not null
     * @return the transition, which applies only while the job is claimed or processing and held by the
     *     attempt of {@code token}
     * @throws NullPointerException when an argument is null
     */
    public static JobTransition fail(LeaseToken token, String error, Instant now) {
        return new JobTransition("fail a job", token, HELD, failure(error, now));
    }

    /**
     * Gives the job back to the queue unfinished, without counting the attempt: at once ({@code notBefore}
     * null), or not before a time (waiting for its upload). It keeps holding its video.
     *
     * @param token the attempt's token, not null
     * @param message the status message, not null
     * @param notBefore the time before which the job is not claimed again, or null for none
     * @param now the time of the change, not null
     * @return the transition to {@code pending}, without the lease and with one attempt less, which applies
     *     only while the job is claimed or processing and held by the attempt of {@code token}
     * @throws NullPointerException when {@code token}, {@code message} or {@code now} is null
     */
    public static JobTransition release(LeaseToken token, String message, Instant notBefore, Instant now) {
        JobChanges.Builder changes = JobChanges.at(now)
                .status(JobStatus.PENDING)
                .progress(0)
                .message(message)
                .unset(JobField.WORKER_ID, JobField.CLAIMED_AT, JobField.LEASE_EXPIRES_AT, JobField.STARTED_AT,
                        JobField.COMPLETED_AT, JobField.RESULT, JobField.ERROR)
                .attempts(-1);
        if (notBefore == null) {
            changes.unset(JobField.NOT_BEFORE);
        } else {
            changes.set(JobField.NOT_BEFORE, notBefore);
        }
        return new JobTransition("release a job", token, HELD, changes.build());
    }

    /**
     * Ends an open job on request, whoever holds it: status {@code cancelled}, the lease and the hold on
     * the video released. The attempt running it finds its next renewal or progress refused and stops.
     *
     * @param job the job's id, not null
     * @param now the time the job ends, not null
     * @return the override, which applies only while the job is pending, claimed or processing
     * @throws NullPointerException when an argument is null
     */
    public static JobOverride cancel(JobId job, Instant now) {
        return new JobOverride("cancel a job", job, OPEN, JobChanges.at(now)
                .status(JobStatus.CANCELLED)
                .message("Cancelled")
                .set(JobField.COMPLETED_AT, now)
                .unset(JobField.LEASE_EXPIRES_AT, JobField.NOT_BEFORE, JobField.RESULT, JobField.HOLDS_VIDEO)
                .build());
    }

    /**
     * Queues a failed or cancelled job again, holding its video (refused while another open job holds
     * it). It keeps its attempt count: its next claim is a new attempt, with a token of its own. Its
     * next end is posted to its callback URL afresh.
     *
     * @param job the job's id, not null
     * @param now the time of the change, not null
     * @return the override to {@code pending}, which applies only while the job is failed or cancelled
     * @throws NullPointerException when an argument is null
     */
    public static JobOverride retry(JobId job, Instant now) {
        return new JobOverride("retry a job", job, RETRYABLE, JobChanges.at(now)
                .status(JobStatus.PENDING)
                .progress(0)
                .message("Queued again")
                .set(JobField.HOLDS_VIDEO, Boolean.TRUE)
                .unset(JobField.WORKER_ID, JobField.CLAIMED_AT, JobField.LEASE_EXPIRES_AT, JobField.STARTED_AT,
                        JobField.COMPLETED_AT, JobField.RESULT, JobField.ERROR, JobField.NOT_BEFORE,
                        JobField.CALLBACK_STATE)
                .build());
    }

    /**
     * What failing an abandoned job writes (its precondition is {@link QueueRules#isAbandoned}).
     *
     * @param maxAttempts the attempts the queue allows, named in the job's error
     * @param now the time the job fails, not null
     * @return the changes: status {@code failed} with {@link #abandonedError}, the hold on the video released
     * @throws NullPointerException when {@code now} is null
     */
    public static JobChanges abandon(int maxAttempts, Instant now) {
        return failure(abandonedError(maxAttempts), now);
    }

    /**
     * What failing a job written so that it cannot be read writes (no video id, a timestamp that is no
     * timestamp): claimed, it would be claimed again and again.
     *
     * @param now the time the job fails, not null
     * @return the changes: status {@code failed} with the error {@code unreadable job document}
     * @throws NullPointerException when {@code now} is null
     */
    public static JobChanges failUnreadable(Instant now) {
        return failure("unreadable job document", now);
    }

    /**
     * The error an abandoned job records.
     *
     * @param maxAttempts the attempts the queue allows
     * @return a sentence for a person to read that names {@code maxAttempts}
     */
    public static String abandonedError(int maxAttempts) {
        return "abandoned: the worker holding this job stopped renewing its lease on each of "
                + maxAttempts + " attempt(s)";
    }

    private static JobChanges failure(String error, Instant now) {
        return JobChanges.at(now)
                .status(JobStatus.FAILED)
                .message("Failed")
                .set(JobField.ERROR, error)
                .set(JobField.COMPLETED_AT, now)
                .unset(JobField.RESULT, JobField.HOLDS_VIDEO)
                .build();
    }
}
