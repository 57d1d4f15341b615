package dev.mlpipeline.core.service;

import dev.mlpipeline.core.domain.QueueRules;
import java.time.Duration;
import java.util.Objects;

/**
 * How a worker polls, leases and sweeps. The lease is renewed every third of its length, so a worker
 * that stalls for a whole lease is presumed dead and its job is claimed again; between renewals the
 * job is read every {@link #WATCH_EVERY}, so that a cancel stops it within a second. {@code sweepEvery}
 * is how often the handler's housekeeping runs after the first time, at start.
 */
public record WorkerSettings(String workerId, Duration pollInterval, QueueRules rules, Duration sweepEvery) {
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(5);
    public static final Duration DEFAULT_SWEEP_EVERY = Duration.ofMinutes(5);
    /** How often the worker reads its running job to see whether it was cancelled (one read by id). */
    public static final Duration WATCH_EVERY = Duration.ofMillis(500);

    public WorkerSettings {
        Objects.requireNonNull(workerId, "workerId");
        Objects.requireNonNull(rules, "rules");
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("pollInterval must be positive");
        }
        if (sweepEvery.isNegative() || sweepEvery.isZero()) {
            throw new IllegalArgumentException("sweepEvery must be positive");
        }
    }

    public WorkerSettings(String workerId, Duration pollInterval, QueueRules rules) {
        this(workerId, pollInterval, rules, DEFAULT_SWEEP_EVERY);
    }

    public static WorkerSettings defaults(String workerId) {
        return new WorkerSettings(workerId, DEFAULT_POLL_INTERVAL, QueueRules.defaults());
    }

    public Duration lease() {
        return rules.lease();
    }

    public Duration renewEvery() {
        return rules.lease().dividedBy(3);
    }

    /** How often the running job is looked at: read, or its lease renewed when that is due. */
    public Duration watchEvery() {
        Duration renew = renewEvery();
        return renew.compareTo(WATCH_EVERY) < 0 ? renew : WATCH_EVERY;
    }
}
