package dev.mlpipeline.core.domain;

import java.util.Objects;
import java.util.Set;

/**
 * An operator's change to a job (cancel, retry), made whoever holds it: it applies only while the job
 * is in one of the {@code from} statuses, and then makes {@code changes}. Not fenced by a lease, unlike
 * a {@link JobTransition}: it is what makes the holder's fenced writes fail. Made by {@link JobLifecycle}.
 * Immutable.
 *
 * @param action what the change does, for messages: {@code cancel a job}
 * @param jobId the job it applies to
 * @param from the statuses in which it applies
 * @param changes what it writes
 */
public record JobOverride(String action, JobId jobId, Set<JobStatus> from, JobChanges changes) {
    /**
     * Checks the parts and copies {@code from}.
     *
     * @param action what the change does, not null
     * @param jobId the job, not null
     * @param from the statuses in which it applies, not null; copied
     * @param changes what it writes, not null
     * @throws NullPointerException when an argument is null, or {@code from} holds null
     */
    public JobOverride {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(jobId, "jobId");
        from = Set.copyOf(from);
        Objects.requireNonNull(changes, "changes");
    }

    /**
     * Whether the precondition holds for the job as stored.
     *
     * @param job the job as stored, not null
     * @return true when it is the job of {@link #jobId()} and in one of the {@link #from()} statuses
     */
    public boolean appliesTo(Job job) {
        return job.id().equals(jobId) && from.contains(job.status());
    }

    /**
     * Whether applying it makes the job hold its video (which another open job may already hold).
     *
     * @return true when the changes set {@link JobField#HOLDS_VIDEO}
     */
    public boolean holdsVideo() {
        return changes.sets().containsKey(JobField.HOLDS_VIDEO);
    }
}
