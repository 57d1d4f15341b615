package dev.mlpipeline.core.service;

import dev.mlpipeline.core.domain.JobLifecycle;
import dev.mlpipeline.core.domain.JobStatus;
import dev.mlpipeline.core.domain.LeaseToken;
import dev.mlpipeline.core.port.Clock;
import dev.mlpipeline.core.port.JobRepository;
import dev.mlpipeline.core.port.StoreUnavailableException;
import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One attempt at a job as its {@link JobHandler} sees it: the attempt's fencing token, whether it
 * should stop early, and the one write a handler makes to the job, progress, fenced by the token.
 * Thread-safe: the worker cancels from other threads.
 */
public final class JobContext {
    private static final System.Logger LOG = System.getLogger(JobContext.class.getName());

    /** Why a job stopped before its end. */
    public enum Cancellation {
        /** The worker is stopping: the job goes back to the queue. */
        WORKER_STOPPING,
        /** Another attempt holds the job now: nothing more may be written. */
        LEASE_LOST,
        /** The job was cancelled on request: nothing more may be written, and what was made goes. */
        CANCELLED
    }

    private final LeaseToken token;
    private final JobRepository jobs;
    private final Clock clock;
    private final AtomicReference<Cancellation> cancellation = new AtomicReference<>();

    /**
     * The context of the attempt of {@code token}, not cancelled.
     *
     * @param token the attempt's fencing token
     * @param jobs the queue, for progress and for reading the job
     * @param clock the time of each progress write
     * @throws NullPointerException when an argument is null
     */
    public JobContext(LeaseToken token, JobRepository jobs, Clock clock) {
        this.token = Objects.requireNonNull(token, "token");
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** {@return the attempt's fencing token} */
    public LeaseToken token() {
        return token;
    }

    /**
     * Keeps the first reason given. The job should then stop early: {@link #isCancelled()} is true from now on.
     *
     * @param reason why the job should stop, not null; ignored when a reason was given before
     */
    public void cancel(Cancellation reason) {
        cancellation.compareAndSet(null, reason);
    }

    /**
     * Whether the job should stop early.
     *
     * @return true once a reason was given; it stays true
     */
    public boolean isCancelled() {
        return cancellation.get() != null;
    }

    /**
     * The reason, or null while the job may go on.
     *
     * @return the first reason given, or null
     */
    public Cancellation cancellation() {
        return cancellation.get();
    }

    /**
     * Records progress on the job. False, and the context cancelled (see {@link #lost()}), when the
     * attempt no longer holds the job. A store that cannot be reached is logged and reported as true:
     * progress is a courtesy, and a database hiccup must not end a job that is going well.
     *
     * @param percent how far the attempt got, 0 to 100
     * @param message the status message, not null
     * @return false when the attempt no longer holds the job; true otherwise, also when the store could not
     *     be reached
     */
    public boolean progress(int percent, String message) {
        try {
            if (jobs.apply(JobLifecycle.progress(token, percent, message, clock.now()))) {
                return true;
            }
            lost();
            return false;
        } catch (StoreUnavailableException e) {
            LOG.log(Level.WARNING, "job " + token.jobId() + ": progress not recorded: " + e.getMessage());
            return true;
        }
    }

    /**
     * Whether the queue, read now, still says this attempt holds the job.
     *
     * @return true when the job exists and is held by this attempt's token
     * @throws StoreUnavailableException when the queue cannot be reached
     */
    public boolean stillHolds() {
        return jobs.findById(token.jobId()).map(job -> job.isHeldBy(token)).orElse(false);
    }

    /**
     * Why a write of this attempt was refused, and the context cancelled for it (unless it was already):
     * {@link Cancellation#CANCELLED} when the job, read now, was cancelled on request, else
     * {@link Cancellation#LEASE_LOST} (also when it cannot be read).
     *
     * @return the reason found now; the context keeps an earlier reason, if it had one
     */
    public Cancellation lost() {
        boolean cancelled;
        try {
            cancelled = jobs.findById(token.jobId()).map(job -> job.status() == JobStatus.CANCELLED).orElse(false);
        } catch (StoreUnavailableException e) {
            cancelled = false;
        }
        Cancellation reason = cancelled ? Cancellation.CANCELLED : Cancellation.LEASE_LOST;
        cancel(reason);
        return reason;
    }
}
