package dev.mlpipeline.core.service;

import dev.mlpipeline.core.domain.Job;
import dev.mlpipeline.core.domain.JobLifecycle;
import dev.mlpipeline.core.domain.JobStatus;
import dev.mlpipeline.core.domain.JobTransition;
import dev.mlpipeline.core.domain.LeaseToken;
import dev.mlpipeline.core.port.Clock;
import dev.mlpipeline.core.port.JobRepository;
import dev.mlpipeline.core.port.StoreUnavailableException;
import dev.mlpipeline.core.service.JobContext.Cancellation;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The background loop: claim a job, process it while renewing its lease, record how it ended, repeat;
 * sleep for the poll interval when the queue is empty. The worker is the only writer of a job's
 * state, each write one fenced {@link JobLifecycle} transition; its {@link JobHandler} only reports
 * progress and returns an {@link Outcome}. Thread-safe. {@link #stop()} stops claiming at once and
 * asks the running job to end early; the job is then given back to the queue for another worker.
 */
public final class Worker implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Worker.class.getName());
    // short enough to fit a container's usual 30-second grace period with the HTTP shutdown
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);
    private static final int FINAL_WRITE_TRIES = 3;

    private final JobRepository jobs;
    private final JobHandler processor;
    private final Clock clock;
    private final WorkerSettings settings;
    private final TaskContext tasks;
    private final ScheduledExecutorService renewer;
    private final ScheduledExecutorService housekeeper;

    private final Object lock = new Object();
    private final Doorbell doorbell = new Doorbell();
    private boolean running;
    private Thread thread;
    private JobContext current;
    private ScheduledFuture<?> sweeping;
    // only the loop's thread (or a test's runNext) touches it
    private volatile String lastNotReady;

    /**
     * A worker that is not started yet, whose lease renewals carry nothing of its thread.
     *
     * @param jobs the queue
     * @param processor what does the work of each job
     * @param clock the time of each write
     * @param settings how the worker polls, leases and sweeps
     * @throws NullPointerException when an argument is null
     */
    public Worker(JobRepository jobs, JobHandler processor, Clock clock, WorkerSettings settings) {
        this(jobs, processor, clock, settings, TaskContext.NONE);
    }

    /**
     * {@code tasks}: what the lease renewals of a job carry of the worker's thread while it works the
     * job (what {@link JobHandler#around} gave it).
     *
     * @param jobs the queue
     * @param processor what does the work of each job
     * @param clock the time of each write
     * @param settings how the worker polls, leases and sweeps
     * @param tasks what the lease renewals carry of the worker's thread
     * @throws NullPointerException when an argument is null
     */
    public Worker(JobRepository jobs, JobHandler processor, Clock clock, WorkerSettings settings, TaskContext tasks) {
        this.tasks = Objects.requireNonNull(tasks);
        this.jobs = Objects.requireNonNull(jobs);
        this.processor = Objects.requireNonNull(processor);
        this.clock = Objects.requireNonNull(clock);
        this.settings = Objects.requireNonNull(settings);
        this.renewer = Executors.newSingleThreadScheduledExecutor(daemon("lease-renewer-" + settings.workerId()));
        // housekeeping has a thread of its own, so that a long sweep never delays a claim
        this.housekeeper = Executors.newSingleThreadScheduledExecutor(daemon("housekeeping-" + settings.workerId()));
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * Starts the loop; false when it was already running. The housekeeping runs at once, then every
     * {@code sweepEvery}.
     *
     * @return true when this call started it
     */
    public boolean start() {
        synchronized (lock) {
            if (running) {
                return false;
            }
            running = true;
            doorbell.ring();
            sweeping = housekeeper.scheduleWithFixedDelay(this::sweep, 0, settings.sweepEvery().toMillis(),
                    TimeUnit.MILLISECONDS);
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

    /**
     * Stops claiming and cancels the running job; false when it was not running. Does not wait.
     *
     * @return true when this call stopped it
     */
    public boolean stop() {
        synchronized (lock) {
            if (!running) {
                return false;
            }
            running = false;
            sweeping.cancel(false);
            if (current != null) {
                current.cancel(Cancellation.WORKER_STOPPING);
            }
            doorbell.ring();
            lock.notifyAll();
            return true;
        }
    }

    /**
     * Whether the worker is started and not stopped; after {@link #stop()} its loop may still be ending.
     *
     * @return true between {@link #start()} and {@link #stop()}
     */
    public boolean isRunning() {
        synchronized (lock) {
            return running;
        }
    }

    /** Ends the wait for the next poll, so that a new job is claimed at once. */
    public void wake() {
        doorbell.ring();
    }

    /**
     * Waits until the loop has ended after {@link #stop()}; true when it has.
     *
     * @param timeout the longest wait
     * @return true when no loop runs, also when none was ever started; false when the wait ran out
     * @throws InterruptedException when the calling thread is interrupted while it waits
     */
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

    /**
     * Stops, waits briefly for the running job to be given back, and releases the lease renewer.
     *
     * @throws InterruptedException when the calling thread is interrupted while it waits
     */
    @Override
    public void close() throws InterruptedException {
        close(CLOSE_WAIT);
    }

    /**
     * Stops, waits at most {@code wait} for the running job to be given back, and releases the lease
     * renewer; true when the loop ended in time. A job still running then is left to its lease: it runs
     * out, and another worker takes over.
     *
     * @param wait the longest wait for the loop to end
     * @return true when the loop ended in time
     * @throws InterruptedException when the calling thread is interrupted while it waits
     */
    public boolean close(Duration wait) throws InterruptedException {
        stop();
        boolean stopped = awaitStopped(wait);
        renewer.shutdownNow();
        housekeeper.shutdownNow();
        return stopped;
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

    private void sweep() {
        try {
            processor.sweep();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "housekeeping failed, will try again later: " + e);
        }
    }

    /** Claims one job and runs it to its end on the calling thread; false when there was none. For tests. */
    boolean runNext() {
        return claimAndRun();
    }

    private boolean claimAndRun() {
        String abandonedError = JobLifecycle.abandonedError(settings.rules().maxAttempts());
        for (Job abandoned : jobs.failAbandoned(clock.now(), settings.rules())) {
            LOG.log(Level.WARNING, "job " + abandoned.id() + " failed after " + abandoned.attempts() + " lost attempts");
            tell("abandoned", abandoned, () -> processor.abandoned(abandoned, abandonedError));
        }
        Optional<String> notReady = processor.notReady();
        if (notReady.isPresent()) {
            // said once per change of reason, not once per poll
            if (!notReady.get().equals(lastNotReady)) {
                LOG.log(Level.WARNING, "worker " + settings.workerId() + " claims no job: " + notReady.get());
            }
            lastNotReady = notReady.get();
            return false;
        }
        if (lastNotReady != null) {
            LOG.log(Level.INFO, "worker " + settings.workerId() + " claims jobs again");
            lastNotReady = null;
        }
        Optional<Job> claimed = jobs.claimNext(settings.workerId(), clock.now(), settings.rules());
        claimed.ifPresent(this::run);
        return claimed.isPresent();
    }

    private void run(Job job) {
        processor.around(job, () -> attempt(job));
    }

    private void attempt(Job job) {
        JobContext context = new JobContext(job.token(), jobs, clock);
        synchronized (lock) {
            current = context;
            // stopped between the claim and now (runNext() runs on a caller's thread, outside the loop)
            if (!running && Thread.currentThread() == thread) {
                context.cancel(Cancellation.WORKER_STOPPING);
            }
        }
        LOG.log(Level.INFO, "job " + job.id() + " claimed by " + settings.workerId() + " (attempt " + job.attempts() + ")");
        LeaseKeeper keeper = new LeaseKeeper(jobs, clock, context, settings.lease(), settings.renewEvery(),
                settings.watchEvery());
        try {
            if (!jobs.apply(JobLifecycle.start(context.token(), "Starting", clock.now()))) {
                LOG.log(Level.WARNING, "job " + job.id() + " was taken over before it started");
                return;
            }
            keeper.start(renewer, tasks);
            Outcome outcome = outcomeOf(job, context);
            keeper.stop();
            record(job, context, outcome);
        } catch (StoreUnavailableException e) {
            LOG.log(Level.WARNING, "job " + job.id() + ": the queue cannot be reached (" + e.getMessage()
                    + "); the lease will run out and another attempt will take the job");
        } finally {
            keeper.stop();
            synchronized (lock) {
                current = null;
            }
        }
    }

    private Outcome outcomeOf(Job job, JobContext context) {
        try {
            Outcome outcome = processor.process(job, context);
            return outcome == null ? new Outcome.Failed("processing ended without a result") : outcome;
        } catch (StoreUnavailableException e) {
            // not the job's fault: give it back rather than failing it for an outage
            LOG.log(Level.WARNING, "job " + job.id() + " given back: " + e.getMessage());
            context.cancel(Cancellation.WORKER_STOPPING);
            return Outcome.CANCELLED;
        } catch (RuntimeException | Error e) {
            LOG.log(Level.ERROR, "job " + job.id() + " failed", e);
            return new Outcome.Failed("processing failed: " + e);
        }
    }

    /** Records the outcome with one fenced transition, and tells the handler how that went. */
    private void record(Job job, JobContext context, Outcome outcome) {
        LeaseToken token = context.token();
        Instant now = clock.now();
        if (outcome instanceof Outcome.Completed completed) {
            finish(job, context, outcome, JobLifecycle.complete(token, completed.result(), now), JobStatus.COMPLETED);
        } else if (outcome instanceof Outcome.Failed failed) {
            finish(job, context, outcome, JobLifecycle.fail(token, failed.error(), now), JobStatus.FAILED);
        } else if (outcome instanceof Outcome.Deferred deferred) {
            if (jobs.apply(JobLifecycle.release(token, deferred.reason(), now.plus(deferred.retryAfter()), now))) {
                LOG.log(Level.INFO, "job " + job.id() + " deferred: " + deferred.reason());
            }
        } else if (context.cancellation() == Cancellation.WORKER_STOPPING
                && jobs.apply(JobLifecycle.release(token, "Queued", null, now))) {
            LOG.log(Level.INFO, "job " + job.id() + " given back to the queue");
        } else if (context.lost() == Cancellation.CANCELLED) {
            // a lost lease writes nothing: the job is someone else's now; a cancelled one is nobody's
            cancelled(job, context);
        }
    }

    private void cancelled(Job job, JobContext context) {
        LOG.log(Level.INFO, "job " + job.id() + " cancelled on request; attempt " + context.token().attempt()
                + " stopped; removing what it made");
        tell("cancelled", job, () -> processor.cancelled(job, context.token()));
    }

    private void finish(Job job, JobContext context, Outcome outcome, JobTransition transition, JobStatus status) {
        if (applyPatiently(transition) || landedBefore(context.token(), status)) {
            LOG.log(Level.INFO, "job " + job.id() + " " + status.wire());
            tell("recorded", job, () -> processor.recorded(job, context.token(), outcome));
        } else if (context.lost() == Cancellation.CANCELLED) {
            cancelled(job, context);
        } else {
            LOG.log(Level.WARNING, "job " + job.id() + ": attempt " + context.token().attempt()
                    + " no longer holds it; its " + status.wire() + " outcome is discarded");
            tell("rejected", job, () -> processor.rejected(job, context.token(), outcome));
        }
    }

    /**
     * Tells the handler what became of a job. The job's state is settled by then, so a failure here is
     * the handler's to repair (the janitor brings a video in line with its job later), not the job's.
     */
    private static void tell(String what, Job job, Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "job " + job.id() + ": the handler failed on hearing it was " + what + ": " + e);
        }
    }

    /** The final write is worth a few seconds' wait through a database hiccup: the work is done. */
    private boolean applyPatiently(JobTransition transition) {
        for (int tries = 1; ; tries++) {
            try {
                return jobs.apply(transition);
            } catch (StoreUnavailableException e) {
                if (tries == FINAL_WRITE_TRIES) {
                    throw e;
                }
                LOG.log(Level.WARNING, "job " + transition.jobId() + ": could not " + transition.action()
                        + ", trying again: " + e.getMessage());
                sleep(Duration.ofSeconds(tries));
            }
        }
    }

    /** A write whose answer was lost may have landed all the same: the job then shows this attempt's end. */
    private boolean landedBefore(LeaseToken token, JobStatus status) {
        return jobs.findById(token.jobId())
                .filter(stored -> stored.status().equals(status) && stored.lease() != null
                        && token.workerId().equals(stored.lease().workerId()) && stored.attempts() == token.attempt())
                .isPresent();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitWork() {
        if (!doorbell.await(settings.pollInterval())) {
            synchronized (lock) {
                running = false;
            }
        }
    }
}
