package dev.mlpipeline.core.service;

import dev.mlpipeline.core.domain.QueueRules;
import java.time.Duration;
import java.util.Objects;

/**
 * How a worker polls, leases and sweeps. The lease is renewed every third of its length, so a worker
 * that stalls for a whole lease is presumed dead and its job is claimed again; between renewals the
 * job is read every {@link #WATCH_EVERY}, so that a cancel stops it within a second. {@code sweepEvery}
 * is how often the handler's housekeeping runs after the first time, at start. Immutable.
 *
 * @param workerId the worker's id, which its leases and its attempts' folders name
 * @param pollInterval how long the worker sleeps when the queue is empty, unless woken
 * @param rules the queue's rules: what may be claimed, and the lease
 * @param sweepEvery how often the handler's housekeeping runs after the first time
 */
public record WorkerSettings(String workerId, Duration pollInterval, QueueRules rules, Duration sweepEvery) {
    /** How long an idle worker sleeps by default: five seconds. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(5);
    /** How often the housekeeping runs by default: every five minutes. */
    public static final Duration DEFAULT_SWEEP_EVERY = Duration.ofMinutes(5);
    /** How often the worker reads its running job to see whether it was cancelled (one read by id). */
    public static final Duration WATCH_EVERY = Duration.ofMillis(500);

    /**
     * Checks the settings.
     *
     * @param workerId the worker's id, not null
     * @param pollInterval the idle sleep, positive
     * @param rules the queue's rules, not null
     * @param sweepEvery the housekeeping interval, positive
     * @throws NullPointerException when an argument is null
     * @throws IllegalArgumentException when a duration is not positive
     */
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

    /**
     * Settings with the housekeeping every {@link #DEFAULT_SWEEP_EVERY}.
     *
     * @param workerId the worker's id, not null
     * @param pollInterval the idle sleep, positive
     * @param rules the queue's rules, not null
     * @throws NullPointerException when an argument is null
     * @throws IllegalArgumentException when {@code pollInterval} is not positive
     */
    public WorkerSettings(String workerId, Duration pollInterval, QueueRules rules) {
        this(workerId, pollInterval, rules, DEFAULT_SWEEP_EVERY);
    }

    /**
     * The settings by default for the worker {@code workerId}.
     *
     * @param workerId the worker's id, not null
     * @return settings with {@link #DEFAULT_POLL_INTERVAL}, {@link QueueRules#defaults()} and
     *     {@link #DEFAULT_SWEEP_EVERY}
     * @throws NullPointerException when {@code workerId} is null
     */
    public static WorkerSettings defaults(String workerId) {
        return new WorkerSettings(workerId, DEFAULT_POLL_INTERVAL, QueueRules.defaults());
    }

    /** {@return the lease a claim gets: the rules'} */
    public Duration lease() {
        return rules.lease();
    }

    /** {@return how often the lease is renewed: every third of it} */
    public Duration renewEvery() {
        return rules.lease().dividedBy(3);
    }

    /**
     * How often the running job is looked at: read, or its lease renewed when that is due.
     *
     * @return {@link #WATCH_EVERY}, or {@link #renewEvery()} when that is shorter
     */
    public Duration watchEvery() {
        Duration renew = renewEvery();
        return renew.compareTo(WATCH_EVERY) < 0 ? renew : WATCH_EVERY;
    }
}
