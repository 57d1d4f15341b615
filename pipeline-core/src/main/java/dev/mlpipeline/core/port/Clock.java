package dev.mlpipeline.core.port;

import dev.mlpipeline.core.domain.Timestamps;
import java.time.Instant;

/** The current time, at most microsecond precision (what the wire keeps). Thread-safe. */
@FunctionalInterface
public interface Clock {
    Instant now();

    static Clock system() {
        return () -> Timestamps.truncate(Instant.now());
    }
}
