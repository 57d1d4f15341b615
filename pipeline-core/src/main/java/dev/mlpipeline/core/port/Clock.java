package dev.mlpipeline.core.port;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The current time, at most microsecond precision: what a stored timestamp keeps, so that an instant
 * survives a round trip through a store unchanged. Thread-safe.
 */
@FunctionalInterface
public interface Clock {
    /** {@return the current time, at most microsecond precision} */
    Instant now();

    /**
     * The system's clock, cut to whole microseconds.
     *
     * @return the clock
     */
    static Clock system() {
        return () -> Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
