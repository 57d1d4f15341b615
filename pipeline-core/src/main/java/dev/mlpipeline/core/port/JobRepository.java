package dev.mlpipeline.core.port;

import dev.mlpipeline.core.domain.CallbackDelivery;
import dev.mlpipeline.core.domain.Job;
import dev.mlpipeline.core.domain.JobId;
import dev.mlpipeline.core.domain.JobLifecycle;
import dev.mlpipeline.core.domain.JobOverride;
import dev.mlpipeline.core.domain.JobStatus;
import dev.mlpipeline.core.domain.JobTransition;
import dev.mlpipeline.core.domain.QueueRules;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The job queue, shared by every worker of every instance. Implementations are thread-safe and every
 * operation is atomic on its own; what each one writes is decided by {@link JobLifecycle}, never by
 * the implementation. Throws {@link StoreUnavailableException} when the store cannot be reached.
 * {@code JobRepositoryContract} in the test-jar states every promise as a test.
 */
public interface JobRepository {

    /**
     * Stores a new job as given, as the main backend inserts one; its id must not exist yet.
     *
     * @param job the job to store
     */
    void insert(Job job);

    /**
     * Stores {@code job} (pending) holding its video, unless an open job (pending, claimed or
     * processing) of the same video exists: then nothing is stored and that job is returned. Atomic:
     * two submissions for one video racing each other store one job.
     *
     * @param job the new job, pending and holding its video
     * @return the job stored, created; or the open job found, not created
     */
    Submission submit(Job job);

    /**
     * The job with this id, as stored.
     *
     * @param id the job's id
     * @return the job, or empty when there is none
     */
    Optional<Job> findById(JobId id);

    /**
     * Jobs, newest {@code createdAt} first, at most {@code limit}; all statuses when {@code status} is empty.
     *
     * @param status the one status to list, or empty for all
     * @param limit the most jobs to give
     * @return the jobs; empty when none matches
     */
    List<Job> list(Optional<JobStatus> status, int limit);

    /**
     * How many jobs are in each status, for metrics: every status word stored, ml-pipeline's and other
     * programs' alike (a status with no job is absent); a document without a readable status is not
     * counted. One query, not a snapshot across statuses that other writers must respect.
     *
     * @return the number of jobs in each status that has any
     */
    Map<JobStatus, Long> countByStatus();

    /**
     * Atomically claims the oldest job that {@link QueueRules#isClaimable} allows and whose video no
     * other job holds, writing {@link JobLifecycle#claim}. The returned job carries the claim's
     * {@link Job#token()}.
     *
     * @param workerId the claiming worker's id
     * @param now the time of the claim
     * @param rules what may be claimed, and the lease
     * @return the job as claimed, or empty when no job can be claimed now
     */
    Optional<Job> claimNext(String workerId, Instant now, QueueRules rules);

    /**
     * Applies the transition if its precondition holds (status and fencing token), atomically; false,
     * changing nothing, when it does not: the attempt lost the job, or the job already moved on.
     *
     * @param transition the step to apply
     * @return true when it was applied
     */
    boolean apply(JobTransition transition);

    /**
     * Applies an operator's change if the job is in one of its {@code from} statuses, atomically, whoever
     * holds the job; empty when there is no such job. A change that makes the job hold its video is
     * refused while another open job holds it (a finished job that still holds it by mistake does not
     * count). The job returned is as stored after the change, or as found when it was refused.
     *
     * @param change the operator's change
     * @return whether it applied and the job, or empty when there is no such job
     */
    Optional<Overridden> override(JobOverride change);

    /**
     * Claims for {@code lease} the callback due longest: that of a job that ended (completed, failed or
     * cancelled) with a callback URL, whose current end is neither delivered nor given up, whose next try
     * is due, and that no live claim holds (an expired one is taken over). The claim counts a try, and
     * names itself, so that only its holder settles what follows. Empty when nothing is due.
     *
     * @param now the current time
     * @param lease how long the claim lasts
     * @return the claimed callback, or empty when nothing is due
     */
    Optional<DueCallback> claimCallback(Instant now, Duration lease);

    /**
     * Records {@code delivery} on the job (every POST made is recorded, whoever claims the callback now)
     * and, while {@code due}'s claim still holds, what follows: another try not before {@code retryAt},
     * or none ({@code retryAt} null: the end was delivered, or is given up). True when the claim held.
     *
     * @param due the claimed callback
     * @param delivery the POST made
     * @param retryAt when to try again, or null for no more tries
     * @return true when the claim still held, so that what follows was recorded too
     */
    boolean recordCallback(DueCallback due, CallbackDelivery delivery, Instant retryAt);

    /**
     * Fails every job that {@link QueueRules#isAbandoned} finds, with {@link JobLifecycle#abandon}, so
     * that a job that keeps killing its worker ends instead of being retried forever. Returns the jobs
     * it failed, as they were before, so that their videos can be marked too.
     *
     * @param now the current time
     * @param rules when a job is abandoned
     * @return the jobs failed, as they were before; empty when there were none
     */
    List<Job> failAbandoned(Instant now, QueueRules rules);

    /**
     * The outcome of {@link #submit}: the stored job, or the open one that was already there.
     *
     * @param job the stored job, or the open one found
     * @param created true when {@code job} was stored by this submission
     */
    record Submission(Job job, boolean created) {
    }

    /**
     * A claimed callback: the job as it is now (its status says which end to tell), the claim's name,
     * and which try at telling this end it is, from 1.
     *
     * @param job the job as it is now, with a callback
     * @param claim the claim's name
     * @param attempt which try at telling this end it is, from 1
     */
    record DueCallback(Job job, String claim, int attempt) {
        /**
         * Checks the parts.
         *
         * @param job the job, not null, with a callback
         * @param claim the claim's name, not null
         * @param attempt which try it is
         * @throws NullPointerException when {@code job} or {@code claim} is null, or the job has no callback
         */
        public DueCallback {
            Objects.requireNonNull(job, "job");
            Objects.requireNonNull(claim, "claim");
            Objects.requireNonNull(job.callback(), "a due callback's job has a callback");
        }
    }

    /**
     * The outcome of {@link #override}: the job after the change, or as found when {@code applied} is
     * false; {@code videoHeldBy} is the open job that holds the video when that is why it was refused.
     *
     * @param job the job after the change, or as found
     * @param applied whether the change was made
     * @param videoHeldBy the open job that holds the video when that is why the change was refused; else empty
     */
    record Overridden(Job job, boolean applied, Optional<JobId> videoHeldBy) {
        /**
         * Checks the parts.
         *
         * @param job the job, not null
         * @param applied whether the change was made
         * @param videoHeldBy the job holding the video, or empty; not null
         * @throws NullPointerException when {@code job} or {@code videoHeldBy} is null
         */
        public Overridden {
            Objects.requireNonNull(job, "job");
            Objects.requireNonNull(videoHeldBy, "videoHeldBy");
        }
    }
}
