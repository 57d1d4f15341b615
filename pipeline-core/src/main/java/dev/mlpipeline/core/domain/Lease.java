package dev.mlpipeline.core.domain;

import java.time.Instant;

/**
 * Which worker holds a job and until when; an expired lease means the worker is presumed dead.
 * Documents that other programs wrote may lack a part: {@code workerId} or {@code claimedAt} may be
 * null, and a job with no expiry at all has no lease (null) rather than one without {@code expiresAt}.
 */
public record Lease(String workerId, Instant claimedAt, Instant expiresAt) {
    public Lease {
        if (expiresAt == null) {
            throw new IllegalArgumentException("a lease has an expiry");
        }
    }

    public boolean isExpiredAt(Instant now) {
        return !expiresAt.isAfter(now);
    }
}
