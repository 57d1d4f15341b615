package dev.mlpipeline.core.domain;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What one transition writes: the fields it sets (with their new values), the fields it removes,
 * and how it moves the attempt count. Only {@link JobLifecycle} makes them; an adapter turns one into
 * a single update (a MongoDB {@code $set}/{@code $unset}/{@code $inc}), and {@link #applyTo} is the
 * same change on a {@link Job} value. Immutable.
 */
public final class JobChanges {
    private final Map<JobField, Object> sets;
    private final Set<JobField> unsets;
    private final int attemptsDelta;

    private JobChanges(Map<JobField, Object> sets, Set<JobField> unsets, int attemptsDelta) {
        this.sets = Collections.unmodifiableMap(sets);
        this.unsets = Collections.unmodifiableSet(unsets);
        this.attemptsDelta = attemptsDelta;
    }

    /** Starts a change made at {@code now}: every change records when it was made. */
    static Builder at(Instant now) {
        return new Builder().set(JobField.UPDATED_AT, now);
    }

    /**
     * The fields set, with values typed as {@link Job} holds them: {@link JobStatus}, {@link Integer},
     * {@link String}, {@link Instant}, {@link JobResult}, or {@link Boolean#TRUE} for
     * {@link JobField#HOLDS_VIDEO}.
     *
     * @return the fields set and their values, never null; unmodifiable
     */
    public Map<JobField, Object> sets() {
        return sets;
    }

    /** {@return the fields removed, none of them also set; unmodifiable} */
    public Set<JobField> unsets() {
        return unsets;
    }

    /** {@return how the change moves the attempt count: 1 for a claim, -1 for a release, else 0} */
    public int attemptsDelta() {
        return attemptsDelta;
    }

    /**
     * The same change without {@code field}, for an adapter that writes that field on its own.
     *
     * @param field the field neither to set nor to remove
     * @return a new change; this one is unchanged
     */
    public JobChanges without(JobField field) {
        Map<JobField, Object> fewerSets = new EnumMap<>(JobField.class);
        fewerSets.putAll(sets);
        fewerSets.remove(field);
        Set<JobField> fewerUnsets = EnumSet.noneOf(JobField.class);
        fewerUnsets.addAll(unsets);
        fewerUnsets.remove(field);
        return new JobChanges(fewerSets, fewerUnsets, attemptsDelta);
    }

    /**
     * The job as it is after this change. The precondition of the transition is not checked here.
     *
     * @param job the job before the change, not null
     * @return a new job with the fields set and removed, the attempt count moved, and nothing stored to show
     * @throws IllegalArgumentException when the change leaves {@code job} with a progress outside 0 to 100
     */
    public Job applyTo(Job job) {
        Lease lease = job.lease();
        Instant expiresAt = pick(JobField.LEASE_EXPIRES_AT, lease == null ? null : lease.expiresAt());
        return new Job(job.id(), job.videoId(),
                pick(JobField.STATUS, job.status()),
                pick(JobField.PROGRESS, job.progress()),
                pick(JobField.STATUS_MESSAGE, job.statusMessage()),
                job.createdAt(),
                pick(JobField.UPDATED_AT, job.updatedAt()),
                pick(JobField.STARTED_AT, job.startedAt()),
                pick(JobField.COMPLETED_AT, job.completedAt()),
                pick(JobField.RESULT, job.result()),
                pick(JobField.ERROR, job.error()),
                job.attempts() + attemptsDelta,
                expiresAt == null ? null : new Lease(
                        pick(JobField.WORKER_ID, lease == null ? null : lease.workerId()),
                        pick(JobField.CLAIMED_AT, lease == null ? null : lease.claimedAt()),
                        expiresAt),
                pick(JobField.NOT_BEFORE, job.notBefore()),
                sets.containsKey(JobField.HOLDS_VIDEO) || !unsets.contains(JobField.HOLDS_VIDEO) && job.holdsVideo(),
                job.callback(), Map.of());
    }

    @SuppressWarnings("unchecked")
    private <T> T pick(JobField field, T current) {
        if (sets.containsKey(field)) {
            return (T) sets.get(field);
        }
        return unsets.contains(field) ? null : current;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof JobChanges that && sets.equals(that.sets) && unsets.equals(that.unsets)
                && attemptsDelta == that.attemptsDelta;
    }

    @Override
    public int hashCode() {
        return Objects.hash(sets, unsets, attemptsDelta);
    }

    @Override
    public String toString() {
        return "set " + sets + ", unset " + unsets + ", attempts " + (attemptsDelta >= 0 ? "+" : "") + attemptsDelta;
    }

    /** Collects one change; each field is either set or removed, never both. */
    static final class Builder {
        private final Map<JobField, Object> sets = new EnumMap<>(JobField.class);
        private final Set<JobField> unsets = EnumSet.noneOf(JobField.class);
        private int attemptsDelta;

        Builder status(JobStatus status) {
            return set(JobField.STATUS, status);
        }

        Builder progress(int progress) {
            return set(JobField.PROGRESS, progress);
        }

        Builder message(String message) {
            return set(JobField.STATUS_MESSAGE, message);
        }

        Builder set(JobField field, Object value) {
            Objects.requireNonNull(value, field.name());
            unsets.remove(field);
            sets.put(field, value);
            return this;
        }

        Builder unset(JobField... fields) {
            for (JobField field : fields) {
                sets.remove(field);
                unsets.add(field);
            }
            return this;
        }

        Builder attempts(int delta) {
            attemptsDelta = delta;
            return this;
        }

        JobChanges build() {
            return new JobChanges(new EnumMap<>(sets), unsets.isEmpty() ? EnumSet.noneOf(JobField.class)
                    : EnumSet.copyOf(unsets), attemptsDelta);
        }
    }
}
