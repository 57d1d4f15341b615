package dev.mlpipeline.core.domain;

import java.util.Objects;
import java.util.Set;

/**
 * One step of an attempt at a job, as a conditional write: it applies only while the job is in one
 * of the {@code from} statuses and still carries the attempt's {@code token}, and then makes
 * {@code changes}. Made by {@link JobLifecycle}; an adapter turns it into one conditional update.
 * Immutable.
 *
 * @param action what the step does, for messages: {@code renew a lease}
 * @param token the token of the attempt making it
 * @param from the statuses in which it applies
 * @param changes what it writes
 */
public record JobTransition(String action, LeaseToken token, Set<JobStatus> from, JobChanges changes) {
    /**
     * Checks the parts and copies {@code from}.
     *
     * @param action what the step does, not null
     * @param token the attempt's token, not null
     * @param from the statuses in which it applies, not null; copied
     * @param changes what it writes, not null
     * @throws NullPointerException when an argument is null, or {@code from} holds null
     */
    public JobTransition {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(token, "token");
        from = Set.copyOf(from);
        Objects.requireNonNull(changes, "changes");
    }

    /** {@return the id of the job it applies to: the token's} */
    public JobId jobId() {
        return token.jobId();
    }

    /**
     * Whether the precondition holds for the job as stored.
     *
     * @param job the job as stored, not null
     * @return true when it is the token's job, in one of the {@link #from()} statuses, and held by the
     *     token's attempt ({@link Job#isHeldBy})
     */
    public boolean appliesTo(Job job) {
        return job.id().equals(token.jobId()) && from.contains(job.status()) && job.isHeldBy(token);
    }
}
