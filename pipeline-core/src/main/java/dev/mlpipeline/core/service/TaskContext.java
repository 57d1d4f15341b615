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
    /** A context that carries nothing: tasks run as they are. */
    TaskContext NONE = task -> task;

    /**
     * {@code task}, made to run with the calling thread's context wherever it runs.
     *
     * @param task the task
     * @return a task that runs {@code task} with the context the calling thread has now
     */
    Runnable capture(Runnable task);

    /**
     * A thread factory whose threads run with the context of the thread that makes them.
     *
     * @param factory what makes the threads
     * @return a factory that makes its threads with {@code factory}, each task captured ({@link #capture})
     *     on the thread that asks for the new thread
     */
    default ThreadFactory threads(ThreadFactory factory) {
        return task -> factory.newThread(capture(task));
    }
}
