package dev.mlpipeline.core.service;

import java.time.Duration;
import java.util.Objects;

/**
 * How a worker polls and leases. The lease is renewed every third of its length, so a worker that
 * stalls for a whole lease is presumed dead and its job is claimed again.
 */
public record WorkerSettings(String workerId, Duration pollInterval, Duration lease, int maxAttempts) {
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(5);
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(60);
    public static final int DEFAULT_MAX_ATTEMPTS = 3;

    public WorkerSettings {
        Objects.requireNonNull(workerId, "workerId");
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("pollInterval must be positive");
        }
        if (lease.toMillis() < 3) {
            throw new IllegalArgumentException("lease must be at least 3 ms");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
    }

    public static WorkerSettings defaults(String workerId) {
        return new WorkerSettings(workerId, DEFAULT_POLL_INTERVAL, DEFAULT_LEASE, DEFAULT_MAX_ATTEMPTS);
    }

    public Duration renewEvery() {
        return lease.dividedBy(3);
    }
}
