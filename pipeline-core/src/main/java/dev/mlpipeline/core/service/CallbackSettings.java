package dev.mlpipeline.core.service;

import java.time.Duration;
import java.util.Objects;

/**
 * How job ends are posted to callback URLs: how often the queue is looked at for due ones, how long a
 * claim on one lasts (longer than a POST may take), how many tries an end gets, and the wait after the
 * first failed try, tripled after each one up to an hour.
 */
public record CallbackSettings(Duration pollInterval, Duration claimFor, int maxAttempts, Duration firstRetry) {
    public static final int DEFAULT_MAX_ATTEMPTS = 8;
    public static final Duration DEFAULT_FIRST_RETRY = Duration.ofSeconds(10);
    public static final Duration LONGEST_RETRY = Duration.ofHours(1);

    public CallbackSettings {
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(claimFor, "claimFor");
        Objects.requireNonNull(firstRetry, "firstRetry");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        if (pollInterval.isNegative() || pollInterval.isZero() || firstRetry.isNegative()) {
            throw new IllegalArgumentException("pollInterval must be positive and firstRetry not negative");
        }
    }

    /** The wait after failed try {@code attempt} (from 1): the first retry's, tripled per try, at most an hour. */
    public Duration retryAfter(int attempt) {
        Duration wait = firstRetry;
        for (int i = 1; i < attempt && wait.compareTo(LONGEST_RETRY) < 0; i++) {
            wait = wait.multipliedBy(3);
        }
        return wait.compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : wait;
    }
}
