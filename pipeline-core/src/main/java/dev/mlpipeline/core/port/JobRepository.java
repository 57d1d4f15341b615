package dev.mlpipeline.core.port;

import dev.mlpipeline.core.domain.Job;
import dev.mlpipeline.core.domain.JobId;
import dev.mlpipeline.core.domain.JobResult;
import dev.mlpipeline.core.domain.JobStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The job queue, shared by every worker of every instance. Implementations are thread-safe and every
 * operation is atomic on its own. The calls that change a claimed job take the claiming worker's id
 * and return {@code false}, changing nothing, when that worker no longer holds the job (its lease
 * expired and someone else claimed it, or the job was already finished). Throws
 * {@link StoreUnavailableException} when the store cannot be reached.
 */
public interface JobRepository {

    /** Stores a new job; its id must not exist yet. */
    void insert(Job job);

    Optional<Job> findById(JobId id);

    /** Jobs, newest {@code createdAt} first, at most {@code limit}; all statuses when {@code status} is empty. */
    List<Job> list(Optional<JobStatus> status, int limit);

    /**
     * Atomically claims the oldest claimable job for {@code workerId}: a pending one, or one whose
     * lease expired while it had fewer than {@code maxAttempts} attempts. The claim sets the status to
     * claimed, records the lease and increments the attempt count.
     */
    Optional<Job> claimNext(String workerId, Instant now, Duration lease, int maxAttempts);

    /** Extends the worker's lease to {@code now + lease}. */
    boolean renewLease(JobId id, String workerId, Instant now, Duration lease);

    /** Marks the claimed job as processing, from {@code now}. */
    boolean start(JobId id, String workerId, String message, Instant now);

    boolean updateProgress(JobId id, String workerId, int progress, String message, Instant now);

    boolean complete(JobId id, String workerId, JobResult result, Instant now);

    boolean fail(JobId id, String workerId, String error, Instant now);

    /** Gives the job back to the queue unfinished (a graceful stop): pending again, this attempt not counted. */
    boolean release(JobId id, String workerId, Instant now);

    /**
     * Fails the jobs whose lease expired after their last allowed attempt, so that a job that keeps
     * killing its worker ends instead of being retried forever. Returns the jobs it failed, as they
     * were before, so that their videos can be marked too.
     */
    List<Job> failAbandoned(Instant now, int maxAttempts);

    /** The error that {@link #failAbandoned} records, the same in every implementation. */
    static String abandonedError(int maxAttempts) {
        return "abandoned: the worker holding this job stopped renewing its lease on each of "
                + maxAttempts + " attempt(s)";
    }
}
