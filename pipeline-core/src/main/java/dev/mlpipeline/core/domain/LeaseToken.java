package dev.mlpipeline.core.domain;

import java.util.Objects;

/**
 * The fencing token of one attempt at a job: which job, which worker claimed it, and the attempt
 * number that claim gave it. Every write an attempt makes is conditional on the stored job still
 * carrying this token, so a worker presumed dead (paused, cut off) cannot overwrite whoever took over.
 * Immutable.
 *
 * @param jobId the job
 * @param workerId the worker that claimed it
 * @param attempt the attempt number that claim gave it, from 1
 */
public record LeaseToken(JobId jobId, String workerId, int attempt) {
    /**
     * Checks the parts.
     *
     * @param jobId the job, not null
     * @param workerId the claiming worker, not null
     * @param attempt the attempt number, at least 1
     * @throws NullPointerException when {@code jobId} or {@code workerId} is null
     * @throws IllegalArgumentException when {@code attempt} is less than 1
     */
    public LeaseToken {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(workerId, "workerId");
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be at least 1, was " + attempt);
        }
    }

    @Override
    public String toString() {
        return jobId + " attempt " + attempt + " by " + workerId;
    }
}
