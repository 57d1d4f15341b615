package dev.mlpipeline.core.domain;

import java.time.Instant;

/**
 * Which worker holds a job and until when; an expired lease means the worker is presumed dead.
 * Documents that other programs wrote may lack a part: {@code workerId} or {@code claimedAt} may be
 * null, and a job with no expiry at all has no lease (null) rather than one without {@code expiresAt}.
 * Immutable.
 *
 * @param workerId the worker that holds the job, or null when the document does not say
 * @param claimedAt when that worker claimed the job, or null when the document does not say
 * @param expiresAt when the lease runs out unless it is renewed
 */
public record Lease(String workerId, Instant claimedAt, Instant expiresAt) {
    /**
     * Checks that the lease has an expiry.
     *
     * @param workerId the holding worker, or null
     * @param claimedAt when it claimed the job, or null
     * @param expiresAt when the lease runs out, not null
     * @throws IllegalArgumentException when {@code expiresAt} is null
     */
    public Lease {
        if (expiresAt == null) {
            throw new IllegalArgumentException("a lease has an expiry");
        }
    }

    /**
     * Whether the lease has run out at {@code now}, so that its worker is presumed dead.
     *
     * @param now the time to judge by, not null
     * @return true when {@code now} is at or after the expiry
     */
    public boolean isExpiredAt(Instant now) {
        return !expiresAt.isAfter(now);
    }
}
