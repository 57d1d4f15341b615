package dev.mlpipeline.core.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * When a job may be claimed, and when a held job is presumed orphaned. A held job is orphaned when its
 * lease expired, or, for a job with no lease at all (the origin's worker wrote none), when it has not
 * been updated for {@code staleAfter}. An orphaned job is claimed again while it has had fewer than
 * {@code maxAttempts} attempts, and failed as abandoned after that.
 */
public record QueueRules(Duration lease, int maxAttempts, Duration staleAfter) {
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(60);
    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    public static final Duration DEFAULT_STALE_AFTER = Duration.ofMinutes(10);

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

    public static QueueRules defaults() {
        return new QueueRules(DEFAULT_LEASE, DEFAULT_MAX_ATTEMPTS, DEFAULT_STALE_AFTER);
    }

    /** A pending job whose wait is over, or an orphaned one with attempts left. */
    public boolean isClaimable(Job job, Instant now) {
        if (job.status() == JobStatus.PENDING) {
            return job.notBefore() == null || !job.notBefore().isAfter(now);
        }
        return job.attempts() < maxAttempts && isOrphaned(job, now);
    }

    /** An orphaned job that has used up its attempts. */
    public boolean isAbandoned(Job job, Instant now) {
        return job.attempts() >= maxAttempts && isOrphaned(job, now);
    }

    /** A held job whose holder is presumed dead. */
    public boolean isOrphaned(Job job, Instant now) {
        if (!JobLifecycle.HELD.contains(job.status())) {
            return false;
        }
        if (job.lease() != null) {
            return job.lease().isExpiredAt(now);
        }
        return !job.updatedAt().isAfter(staleBefore(now));
    }

    /** The last update time at which a job with no lease counts as stale. */
    public Instant staleBefore(Instant now) {
        return now.minus(staleAfter);
    }
}
