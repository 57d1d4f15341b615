package dev.mlpipeline.core.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * When a job may be claimed, and when a held job is presumed orphaned. A held job is orphaned when its
 * lease expired, or, for a job with no lease at all (the origin's worker wrote none), when it has not
 * been updated for {@code staleAfter}. An orphaned job is claimed again while it has had fewer than
 * {@code maxAttempts} attempts, and failed as abandoned after that. Immutable.
 *
 * @param lease how long a claim holds a job unless it is renewed
 * @param maxAttempts how many attempts a job gets before an orphaned one is failed as abandoned
 * @param staleAfter how long a held job with no lease may go without an update before it is orphaned
 */
public record QueueRules(Duration lease, int maxAttempts, Duration staleAfter) {
    /** The lease a claim gets by default: a minute. */
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(60);
    /** The attempts a job gets by default. */
    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    /** How long a held job with no lease may go without an update by default: ten minutes. */
    public static final Duration DEFAULT_STALE_AFTER = Duration.ofMinutes(10);

    /**
     * Checks the rules.
     *
     * @param lease the lease, at least 3 ms
     * @param maxAttempts the attempts a job gets, at least 1
     * @param staleAfter the time after which a held job with no lease is orphaned, positive
     * @throws NullPointerException when {@code lease} or {@code staleAfter} is null
     * @throws IllegalArgumentException when a rule is out of its range
     */
    public QueueRules {
        Objects.requireNonNull(lease, "lease");
        Objects.requireNonNull(staleAfter, "staleAfter");
        if (lease.toMillis() < 3) {
            throw new IllegalArgumentException("lease must be at least 3 ms");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        if (staleAfter.isNegative() || staleAfter.isZero()) {
            throw new IllegalArgumentException("staleAfter must be positive");
        }
    }

    /**
     * The rules by default: {@link #DEFAULT_LEASE}, {@link #DEFAULT_MAX_ATTEMPTS} and
     * {@link #DEFAULT_STALE_AFTER}.
     *
     * @return the default rules
     */
    public static QueueRules defaults() {
        return new QueueRules(DEFAULT_LEASE, DEFAULT_MAX_ATTEMPTS, DEFAULT_STALE_AFTER);
    }

    /**
     * A pending job whose wait is over, or an orphaned one with attempts left.
     *
     * @param job the job as stored, not null
     * @param now the current time, not null
     * @return true when a worker may claim the job now
     */
    public boolean isClaimable(Job job, Instant now) {
        if (job.status() == JobStatus.PENDING) {
            return job.notBefore() == null || !job.notBefore().isAfter(now);
        }
        return job.attempts() < maxAttempts && isOrphaned(job, now);
    }

    /**
     * An orphaned job that has used up its attempts.
     *
     * @param job the job as stored, not null
     * @param now the current time, not null
     * @return true when the job is orphaned and has had at least {@code maxAttempts} attempts
     */
    public boolean isAbandoned(Job job, Instant now) {
        return job.attempts() >= maxAttempts && isOrphaned(job, now);
    }

    /**
     * A held job whose holder is presumed dead.
     *
     * @param job the job as stored, not null
     * @param now the current time, not null
     * @return true for a claimed or processing job whose lease expired by {@code now}, or which has no lease
     *     and was last updated at or before {@link #staleBefore}
     */
    public boolean isOrphaned(Job job, Instant now) {
        if (!JobLifecycle.HELD.contains(job.status())) {
            return false;
        }
        if (job.lease() != null) {
            return job.lease().isExpiredAt(now);
        }
        return !job.updatedAt().isAfter(staleBefore(now));
    }

    /**
     * The last update time at which a job with no lease counts as stale.
     *
     * @param now the current time, not null
     * @return {@code now} less {@code staleAfter}
     */
    public Instant staleBefore(Instant now) {
        return now.minus(staleAfter);
    }
}
