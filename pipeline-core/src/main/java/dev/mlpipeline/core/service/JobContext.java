package dev.mlpipeline.core.service;

import java.util.concurrent.atomic.AtomicReference;

/**
 * What a {@link JobProcessor} needs to know while it runs one job: which worker holds it, and whether
 * it should stop early. Thread-safe: the worker cancels from other threads.
 */
public final class JobContext {
    /** Why a job stopped before its end. */
    public enum Cancellation {
        /** The worker is stopping: the job goes back to the queue. */
        WORKER_STOPPING,
        /** Another worker holds the job now: nothing more may be written. */
        LEASE_LOST
    }

    private final String workerId;
    private final AtomicReference<Cancellation> cancellation = new AtomicReference<>();

    public JobContext(String workerId) {
        this.workerId = workerId;
    }

    public String workerId() {
        return workerId;
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
}
