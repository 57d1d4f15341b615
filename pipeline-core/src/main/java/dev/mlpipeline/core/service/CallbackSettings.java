package dev.mlpipeline.core.service;

import java.time.Duration;
import java.util.Objects;

/**
 * How job ends are posted to callback URLs: how often the queue is looked at for due ones, how long a
 * claim on one lasts (longer than a POST may take), how many tries an end gets, and the wait after the
 * first failed try, tripled after each one up to an hour. Immutable.
 *
 * @param pollInterval how often the queue is looked at for due callbacks
 * @param claimFor how long a claim on a due callback lasts, longer than a POST may take
 * @param maxAttempts how many tries an end gets
 * @param firstRetry the wait after the first failed try
 */
public record CallbackSettings(Duration pollInterval, Duration claimFor, int maxAttempts, Duration firstRetry) {
    /** The tries an end gets by default. */
    public static final int DEFAULT_MAX_ATTEMPTS = 8;
    /** The wait after the first failed try by default: ten seconds. */
    public static final Duration DEFAULT_FIRST_RETRY = Duration.ofSeconds(10);
    /** The longest wait between two tries: an hour. */
    public static final Duration LONGEST_RETRY = Duration.ofHours(1);

    /**
     * Checks the settings.
     *
     * @param pollInterval how often to look, positive
     * @param claimFor how long a claim lasts, not null
     * @param maxAttempts the tries an end gets, at least 1
     * @param firstRetry the wait after the first failed try, not negative
     * @throws NullPointerException when a duration is null
     * @throws IllegalArgumentException when a setting is out of its range
     */
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

    /**
     * The wait after failed try {@code attempt} (from 1): the first retry's, tripled per try, at most an hour.
     *
     * @param attempt the try that failed, from 1
     * @return {@code firstRetry} times 3 to the power {@code attempt - 1}, at most {@link #LONGEST_RETRY}
     */
    public Duration retryAfter(int attempt) {
        Duration wait = firstRetry;
        for (int i = 1; i < attempt && wait.compareTo(LONGEST_RETRY) < 0; i++) {
            wait = wait.multipliedBy(3);
        }
        return wait.compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : wait;
    }
}
