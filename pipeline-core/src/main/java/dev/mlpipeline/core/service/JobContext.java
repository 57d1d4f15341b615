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

    public JobContext(LeaseToken token, JobRepository jobs, Clock clock) {
        this.token = Objects.requireNonNull(token, "token");
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public LeaseToken token() {
        return token;
    }

    /** Keeps the first reason given. */
    public void cancel(Cancellation reason) {
        cancellation.compareAndSet(null, reason);
    }

    public boolean isCancelled() {
        return cancellation.get() != null;
    }

    /** The reason, or null while the job may go on. */
    public Cancellation cancellation() {
        return cancellation.get();
    }

    /**
     * Records progress on the job. False, and the context cancelled (see {@link #lost()}), when the
     * attempt no longer holds the job. A store that cannot be reached is logged and reported as true:
     * progress is a courtesy, and a database hiccup must not end a job that is going well.
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

    /** Whether the queue, read now, still says this attempt holds the job. */
    public boolean stillHolds() {
        return jobs.findById(token.jobId()).map(job -> job.isHeldBy(token)).orElse(false);
    }

    /**
     * Why a write of this attempt was refused, and the context cancelled for it (unless it was already):
     * {@link Cancellation#CANCELLED} when the job, read now, was cancelled on request, else
     * {@link Cancellation#LEASE_LOST} (also when it cannot be read).
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
