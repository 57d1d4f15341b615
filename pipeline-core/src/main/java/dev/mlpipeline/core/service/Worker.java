package dev.mlpipeline.core.service;

import dev.mlpipeline.core.domain.Job;
import dev.mlpipeline.core.port.Clock;
import dev.mlpipeline.core.port.JobRepository;
import dev.mlpipeline.core.service.JobContext.Cancellation;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The background loop: claim a job, process it while renewing its lease, repeat; sleep for the poll
 * interval when the queue is empty. Thread-safe. {@link #stop()} stops claiming at once and asks the
 * running job to end early; the job is then given back to the queue for another worker.
 */
public final class Worker implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Worker.class.getName());
    // short enough to fit a container's usual 30-second grace period with the HTTP shutdown
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

    private final JobRepository jobs;
    private final JobHandler processor;
    private final Clock clock;
    private final WorkerSettings settings;
    private final ScheduledExecutorService renewer;

    private final Object lock = new Object();
    private boolean running;
    private boolean woken;
    private Thread thread;
    private JobContext current;

    public Worker(JobRepository jobs, JobHandler processor, Clock clock, WorkerSettings settings) {
        this.jobs = Objects.requireNonNull(jobs);
        this.processor = Objects.requireNonNull(processor);
        this.clock = Objects.requireNonNull(clock);
        this.settings = Objects.requireNonNull(settings);
        this.renewer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread t = new Thread(runnable, "lease-renewer-" + settings.workerId());
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts the loop; false when it was already running. */
    public boolean start() {
        synchronized (lock) {
            if (running) {
                return false;
            }
            running = true;
            woken = true;
            // a loop still finishing its job after stop() picks the flag up again and goes on
            if (thread == null) {
                thread = new Thread(this::loop, "worker-" + settings.workerId());
                thread.setDaemon(true);
                thread.start();
            }
            lock.notifyAll();
            return true;
        }
    }

    /** Stops claiming and cancels the running job; false when it was not running. Does not wait. */
    public boolean stop() {
        synchronized (lock) {
            if (!running) {
                return false;
            }
            running = false;
            if (current != null) {
                current.cancel(Cancellation.WORKER_STOPPING);
            }
            lock.notifyAll();
            return true;
        }
    }

    public boolean isRunning() {
        synchronized (lock) {
            return running;
        }
    }

    /** Ends the wait for the next poll, so that a new job is claimed at once. */
    public void wake() {
        synchronized (lock) {
            woken = true;
            lock.notifyAll();
        }
    }

    /** Waits until the loop has ended after {@link #stop()}; true when it has. */
    public boolean awaitStopped(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (thread != null) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return false;
                }
                lock.wait(left);
            }
            return true;
        }
    }

    /** Stops, waits briefly for the running job to be given back, and releases the lease renewer. */
    @Override
    public void close() throws InterruptedException {
        stop();
        awaitStopped(CLOSE_WAIT);
        renewer.shutdownNow();
    }

    private void loop() {
        while (true) {
            synchronized (lock) {
                if (!running) {
                    thread = null;
                    lock.notifyAll();
                    return;
                }
            }
            boolean worked = false;
            try {
                worked = claimAndRun();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "worker " + settings.workerId() + " could not poll the queue: " + e.getMessage());
            }
            if (!worked) {
                awaitWork();
            }
        }
    }

    private boolean claimAndRun() {
        for (Job abandoned : jobs.failAbandoned(clock.now(), settings.maxAttempts())) {
            LOG.log(Level.WARNING, "job " + abandoned.id() + " failed after " + settings.maxAttempts() + " lost attempts");
            processor.abandoned(abandoned, JobRepository.abandonedError(settings.maxAttempts()));
        }
        Optional<Job> claimed = jobs.claimNext(settings.workerId(), clock.now(), settings.lease(), settings.maxAttempts());
        claimed.ifPresent(this::run);
        return claimed.isPresent();
    }

    private void run(Job job) {
        JobContext context = new JobContext(settings.workerId());
        synchronized (lock) {
            current = context;
            if (!running) {
                context.cancel(Cancellation.WORKER_STOPPING);
            }
        }
        long every = Math.max(1, settings.renewEvery().toMillis());
        ScheduledFuture<?> renewal = renewer.scheduleAtFixedRate(() -> renew(job, context), every, every,
                TimeUnit.MILLISECONDS);
        LOG.log(Level.INFO, "job " + job.id() + " claimed by " + settings.workerId() + " (attempt " + job.attempts() + ")");
        String failure = "processing ended without a result";
        try {
            processor.process(job, context);
        } catch (RuntimeException | Error e) {
            LOG.log(Level.ERROR, "job " + job.id() + " failed", e);
            failure = "processing failed: " + e;
        } finally {
            renewal.cancel(false);
            synchronized (lock) {
                current = null;
            }
        }
        finish(job, context, failure);
    }

    /** Whatever the processor did, the job leaves this worker finished or back in the queue. */
    private void finish(Job job, JobContext context, String failure) {
        Cancellation cancellation = context.cancellation();
        if (cancellation == Cancellation.LEASE_LOST) {
            return;
        }
        if (cancellation == Cancellation.WORKER_STOPPING) {
            if (jobs.release(job.id(), settings.workerId(), clock.now())) {
                LOG.log(Level.INFO, "job " + job.id() + " given back to the queue");
            }
            return;
        }
        // changes nothing when the processor already completed or failed the job
        jobs.fail(job.id(), settings.workerId(), failure, clock.now());
    }

    private void renew(Job job, JobContext context) {
        try {
            if (!jobs.renewLease(job.id(), settings.workerId(), clock.now(), settings.lease())) {
                LOG.log(Level.WARNING, "job " + job.id() + ": lease lost, stopping work on it");
                context.cancel(Cancellation.LEASE_LOST);
            }
        } catch (RuntimeException e) {
            // the next renewal may get through before the lease runs out
            LOG.log(Level.WARNING, "job " + job.id() + ": lease renewal failed: " + e.getMessage());
        }
    }

    private void awaitWork() {
        long deadline = System.nanoTime() + settings.pollInterval().toNanos();
        synchronized (lock) {
            try {
                while (running && !woken) {
                    long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                    if (left <= 0) {
                        break;
                    }
                    lock.wait(left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
            woken = false;
        }
    }
}
