package dev.mlpipeline.core.domain;

import java.time.Instant;
import java.util.Objects;

/** Which worker holds a job and until when; an expired lease means the worker is presumed dead. */
public record Lease(String workerId, Instant claimedAt, Instant expiresAt) {
    public Lease {
        Objects.requireNonNull(workerId, "workerId");
        Objects.requireNonNull(claimedAt, "claimedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    public boolean isExpiredAt(Instant now) {
        return !expiresAt.isAfter(now);
    }
}
