package dev.mlpipeline.core.service;

import dev.mlpipeline.core.domain.CallbackDelivery;
import dev.mlpipeline.core.domain.Job;
import dev.mlpipeline.core.port.CallbackSender;
import dev.mlpipeline.core.port.Clock;
import dev.mlpipeline.core.port.JobRepository;
import dev.mlpipeline.core.port.JobRepository.DueCallback;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Posts job ends to their callback URLs, at least once: it claims a due callback from the queue
 * ({@link JobRepository#claimCallback}), sends it, and records the delivery on the job with what
 * follows (another try later with backoff, or none). The queue is the only state, so an end that one
 * instance could not deliver (it died, its claim ran out) is delivered by any other. Runs on one thread
 * of its own, looking every {@code pollInterval}, or at once when woken. Thread-safe.
 */
public final class CallbackDispatcher implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(CallbackDispatcher.class.getName());

    private final JobRepository jobs;
    private final CallbackSender sender;
    private final Clock clock;
    private final CallbackSettings settings;
    private final Object lock = new Object();
    private final Doorbell doorbell = new Doorbell();
    private boolean running;
    private Thread thread;

    /**
     * A dispatcher that is not started yet.
     *
     * @param jobs the queue, which holds the callbacks due and records the deliveries
     * @param sender what posts each end
     * @param clock the time of each delivery
     * @param settings how often to look, how long a claim lasts, how many tries
     * @throws NullPointerException when an argument is null
     */
    public CallbackDispatcher(JobRepository jobs, CallbackSender sender, Clock clock, CallbackSettings settings) {
        this.jobs = Objects.requireNonNull(jobs);
        this.sender = Objects.requireNonNull(sender);
        this.clock = Objects.requireNonNull(clock);
        this.settings = Objects.requireNonNull(settings);
    }

    /**
     * Starts the dispatcher's thread, which looks for due callbacks at once, then every {@code pollInterval}
     * or when woken; nothing happens while it is running already.
     */
    public void start() {
        synchronized (lock) {
            if (running) {
                return;
            }
            running = true;
            thread = new Thread(this::loop, "callbacks");
            thread.setDaemon(true);
            thread.start();
        }
    }

    /** Looks for due callbacks now: a job just ended. */
    public void wake() {
        doorbell.ring();
    }

    /**
     * Stops after the delivery in progress; a claim left behind runs out and another instance takes it.
     * Waits at most a second for the thread to end.
     *
     * @throws InterruptedException when the calling thread is interrupted while it waits
     */
    @Override
    public void close() throws InterruptedException {
        Thread loop;
        synchronized (lock) {
            running = false;
            loop = thread;
        }
        doorbell.ring();
        if (loop != null) {
            loop.join(TimeUnit.SECONDS.toMillis(1));
        }
    }

    private void loop() {
        while (isRunning()) {
            try {
                while (isRunning() && deliverNext()) {
                    // on to the next due one
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "could not look for job callbacks to send: " + e.getMessage());
            }
            awaitWork();
        }
    }

    private boolean isRunning() {
        synchronized (lock) {
            return running;
        }
    }

    /** Claims, sends and records one due callback; false when none is due. For tests too. */
    boolean deliverNext() {
        Instant now = clock.now();
        DueCallback due = jobs.claimCallback(now, settings.claimFor()).orElse(null);
        if (due == null) {
            return false;
        }
        Job job = due.job();
        String event = CallbackDelivery.eventFor(job.status());
        String deliveryId = job.id().hex() + "-" + (job.completedAt() == null ? 0 : job.completedAt().toEpochMilli());
        long started = System.nanoTime();
        int status = 0;
        String error;
        try {
            status = sender.send(job, event, deliveryId);
            error = status >= 200 && status < 300 ? null : "HTTP " + status;
        } catch (IOException | RuntimeException e) {
            error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        CallbackDelivery delivery = new CallbackDelivery(due.attempt(), event, now, status, error,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        boolean last = delivery.delivered() || due.attempt() >= settings.maxAttempts();
        Instant retryAt = last ? null : clock.now().plus(settings.retryAfter(due.attempt()));
        jobs.recordCallback(due, delivery, retryAt);
        if (!delivery.delivered()) {
            LOG.log(last ? Level.WARNING : Level.INFO, "job " + job.id() + ": " + event + " to " + job.callback().url()
                    + " failed (" + error + ") on try " + due.attempt()
                    + (last ? "; giving up" : ", trying again at " + retryAt));
        }
        return true;
    }

    private void awaitWork() {
        if (!doorbell.await(settings.pollInterval())) {
            synchronized (lock) {
                running = false;
            }
        }
    }
}
