package dev.mlpipeline.core.service;

import dev.mlpipeline.core.domain.Job;

/**
 * Does the work of one claimed job and records its outcome through the repository, as the worker
 * identified by the context. Should return soon after {@link JobContext#isCancelled()} turns true.
 * Whatever it leaves unfinished, the {@link Worker} fails or gives back.
 */
@FunctionalInterface
public interface JobHandler {
    void process(Job job, JobContext context);

    /** Told of a job the queue failed because its worker was lost on every attempt; by default nothing. */
    default void abandoned(Job job, String error) {
    }
}
