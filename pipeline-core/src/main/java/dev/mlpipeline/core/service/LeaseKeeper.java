package dev.mlpipeline.core.service;

import dev.mlpipeline.core.domain.JobLifecycle;
import dev.mlpipeline.core.port.Clock;
import dev.mlpipeline.core.port.JobRepository;
import dev.mlpipeline.core.port.StoreUnavailableException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Looks after one attempt's hold on its job while the attempt runs: renews the lease every third of its
 * length, and between renewals reads the job (every {@code watch}) to see whether it was cancelled on
 * request. A refused renewal, or a job no longer held by the attempt, cancels the context
 * ({@link JobContext#lost()} tells a cancel from a lost lease) and ends the watch. {@link #stop()}
 * returns only when no renewal is running and none will follow, so the worker's final transition is
 * never raced by a renewal of a job it just finished.
 */
final class LeaseKeeper {
    private static final System.Logger LOG = System.getLogger(LeaseKeeper.class.getName());

    private final JobRepository jobs;
    private final Clock clock;
    private final JobContext context;
    private final Duration lease;
    private final long renewNanos;
    private final long watchMillis;
    private ScheduledFuture<?> schedule;
    private long lastRenewal;
    private boolean stopped;

    LeaseKeeper(JobRepository jobs, Clock clock, JobContext context, Duration lease, Duration renew, Duration watch) {
        this.jobs = jobs;
        this.clock = clock;
        this.context = context;
        this.lease = lease;
        this.renewNanos = Math.max(1, renew.toMillis()) * 1_000_000L;
        this.watchMillis = Math.max(1, Math.min(watch.toMillis(), renew.toMillis()));
    }

    /** Starts looking after the lease; called on the attempt's thread, whose {@code tasks} context the ticks carry. */
    synchronized void start(ScheduledExecutorService renewer, TaskContext tasks) {
        lastRenewal = System.nanoTime();
        // a fixed delay, not a fixed rate: after a pause (SIGSTOP, a long GC) one renewal follows, not
        // a burst of the ones that were missed
        schedule = renewer.scheduleWithFixedDelay(tasks.capture(this::tick), watchMillis, watchMillis,
                TimeUnit.MILLISECONDS);
    }

    /** Ends renewing; waits for a renewal in progress. */
    synchronized void stop() {
        stopped = true;
        if (schedule != null) {
            schedule.cancel(false);
        }
    }

    private synchronized void tick() {
        if (stopped) {
            return;
        }
        long now = System.nanoTime();
        // half a tick early rather than a whole tick late
        if (now - lastRenewal >= renewNanos - watchMillis * 500_000L) {
            renew(now);
        } else {
            watch();
        }
    }

    private void renew(long started) {
        long gap = started - lastRenewal;
        lastRenewal = started;
        if (gap > renewNanos * 3 / 2) {
            LOG.log(Level.INFO, String.format(Locale.ROOT, "job %s: lease renewal ran %.1f s late (was the process"
                    + " paused or starved?)", context.token().jobId(), (gap - renewNanos) / 1e9));
        }
        try {
            Instant now = clock.now();
            if (jobs.apply(JobLifecycle.renew(context.token(), now, lease))) {
                LOG.log(Level.DEBUG, () -> "job " + context.token().jobId() + ": lease renewed until " + now.plus(lease));
            } else {
                lost();
            }
        } catch (RuntimeException e) {
            // the next renewal may get through before the lease runs out
            LOG.log(Level.WARNING, "job " + context.token().jobId() + ": lease renewal failed: " + e.getMessage());
        }
    }

    private void watch() {
        try {
            if (!context.stillHolds()) {
                lost();
            }
        } catch (StoreUnavailableException e) {
            // the renewal says so when it matters
            LOG.log(Level.DEBUG, () -> "job " + context.token().jobId() + ": could not read it: " + e.getMessage());
        }
    }

    private void lost() {
        stopped = true;
        schedule.cancel(false);
        JobContext.Cancellation reason = context.lost();
        if (reason == JobContext.Cancellation.CANCELLED) {
            LOG.log(Level.INFO, "job " + context.token().jobId() + " was cancelled; stopping work on it");
        } else {
            LOG.log(Level.WARNING, "job " + context.token().jobId() + ": lease lost (attempt "
                    + context.token().attempt() + "), stopping work on it");
        }
    }
}
