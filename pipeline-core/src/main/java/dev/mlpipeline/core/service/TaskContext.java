package dev.mlpipeline.core.service;

import java.util.concurrent.ThreadFactory;

/**
 * Carries what the thread working a job knows about it (for logging: the job's and its video's ids)
 * onto the other threads that work for the same job: the lease renewals, the decoder, the inference
 * threads, the frame-image writer. {@link #capture} is called on the job's thread; the task it returns
 * runs elsewhere with that context. Thread-safe. By default ({@link #NONE}) nothing is carried.
 */
@FunctionalInterface
public interface TaskContext {
    TaskContext NONE = task -> task;

    /** {@code task}, made to run with the calling thread's context wherever it runs. */
    Runnable capture(Runnable task);

    /** A thread factory whose threads run with the context of the thread that makes them. */
    default ThreadFactory threads(ThreadFactory factory) {
        return task -> factory.newThread(capture(task));
    }
}
