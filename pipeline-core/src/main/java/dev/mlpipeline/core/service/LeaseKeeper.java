package dev.mlpipeline.core.service;

import dev.mlpipeline.core.domain.JobLifecycle;
import dev.mlpipeline.core.port.Clock;
import dev.mlpipeline.core.port.JobRepository;
import dev.mlpipeline.core.service.JobContext.Cancellation;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Renews one attempt's lease every third of its length while the attempt runs. A rejected renewal
 * means another attempt holds the job: the context is cancelled with {@link Cancellation#LEASE_LOST}
 * and renewing ends. {@link #stop()} returns only when no renewal is running and none will follow,
 * so the worker's final transition is never raced by a renewal of a job it just finished.
 */
final class LeaseKeeper {
    private static final System.Logger LOG = System.getLogger(LeaseKeeper.class.getName());

    private final JobRepository jobs;
    private final Clock clock;
    private final JobContext context;
    private final Duration lease;
    private final long everyNanos;
    private ScheduledFuture<?> schedule;
    private long lastNanos;
    private boolean stopped;

    LeaseKeeper(JobRepository jobs, Clock clock, JobContext context, Duration lease, Duration every) {
        this.jobs = jobs;
        this.clock = clock;
        this.context = context;
        this.lease = lease;
        this.everyNanos = Math.max(1, every.toMillis()) * 1_000_000L;
    }

    synchronized void start(ScheduledExecutorService renewer) {
        lastNanos = System.nanoTime();
        long millis = everyNanos / 1_000_000L;
        // a fixed delay, not a fixed rate: after a pause (SIGSTOP, a long GC) one renewal follows, not
        // a burst of the ones that were missed
        schedule = renewer.scheduleWithFixedDelay(this::renew, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Ends renewing; waits for a renewal in progress. */
    synchronized void stop() {
        stopped = true;
        if (schedule != null) {
            schedule.cancel(false);
        }
    }

    private synchronized void renew() {
        if (stopped) {
            return;
        }
        long started = System.nanoTime();
        long gap = started - lastNanos;
        lastNanos = started;
        if (gap > everyNanos * 3 / 2) {
            LOG.log(Level.INFO, String.format(Locale.ROOT, "job %s: lease renewal ran %.1f s late (was the process"
                    + " paused or starved?)", context.token().jobId(), (gap - everyNanos) / 1e9));
        }
        try {
            Instant now = clock.now();
            if (jobs.apply(JobLifecycle.renew(context.token(), now, lease))) {
                LOG.log(Level.DEBUG, () -> "job " + context.token().jobId() + ": lease renewed until " + now.plus(lease));
            } else {
                stopped = true;
                schedule.cancel(false);
                LOG.log(Level.WARNING, "job " + context.token().jobId() + ": lease lost (attempt "
                        + context.token().attempt() + "), stopping work on it");
                context.cancel(Cancellation.LEASE_LOST);
            }
        } catch (RuntimeException e) {
            // the next renewal may get through before the lease runs out
            LOG.log(Level.WARNING, "job " + context.token().jobId() + ": lease renewal failed: " + e.getMessage());
        }
    }
}
