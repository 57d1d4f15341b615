package dev.mlpipeline.core.domain;

import java.util.Objects;
import java.util.Set;

/**
 * An operator's change to a job (cancel, retry), made whoever holds it: it applies only while the job
 * is in one of the {@code from} statuses, and then makes {@code changes}. Not fenced by a lease, unlike
 * a {@link JobTransition}: it is what makes the holder's fenced writes fail. Made by {@link JobLifecycle}.
 */
public record JobOverride(String action, JobId jobId, Set<JobStatus> from, JobChanges changes) {
    public JobOverride {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(jobId, "jobId");
        from = Set.copyOf(from);
        Objects.requireNonNull(changes, "changes");
    }

    /** Whether the precondition holds for the job as stored. */
    public boolean appliesTo(Job job) {
        return job.id().equals(jobId) && from.contains(job.status());
    }

    /** Whether applying it makes the job hold its video (which another open job may already hold). */
    public boolean holdsVideo() {
        return changes.sets().containsKey(JobField.HOLDS_VIDEO);
    }
}
