package dev.mlpipeline.core.domain;

import java.util.Objects;
import java.util.Set;

/**
 * One step of an attempt at a job, as a conditional write: it applies only while the job is in one
 * of the {@code from} statuses and still carries the attempt's {@code token}, and then makes
 * {@code changes}. Made by {@link JobLifecycle}; an adapter turns it into one conditional update.
 */
public record JobTransition(String action, LeaseToken token, Set<JobStatus> from, JobChanges changes) {
    public JobTransition {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(token, "token");
        from = Set.copyOf(from);
        Objects.requireNonNull(changes, "changes");
    }

    public JobId jobId() {
        return token.jobId();
    }

    /** Whether the precondition holds for the job as stored. */
    public boolean appliesTo(Job job) {
        return job.id().equals(token.jobId()) && from.contains(job.status()) && job.isHeldBy(token);
    }
}
