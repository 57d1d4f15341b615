package dev.mlpipeline.core.domain;

import java.util.Objects;

/**
 * The fencing token of one attempt at a job: which job, which worker claimed it, and the attempt
 * number that claim gave it. Every write an attempt makes is conditional on the stored job still
 * carrying this token, so a worker presumed dead (paused, cut off) cannot overwrite whoever took over.
 */
public record LeaseToken(JobId jobId, String workerId, int attempt) {
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
