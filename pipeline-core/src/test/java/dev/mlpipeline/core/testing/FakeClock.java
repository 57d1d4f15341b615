package dev.mlpipeline.core.testing;

import dev.mlpipeline.core.port.Clock;
import java.time.Duration;
import java.time.Instant;

/** A clock that moves only when told to. */
public class FakeClock implements Clock {
    private Instant now;

    public FakeClock(Instant start) {
        this.now = start.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }

    public FakeClock() {
        this(Instant.parse("2026-01-02T03:04:05.123456Z"));
    }

    @Override
    public synchronized Instant now() {
        return now;
    }

    public synchronized Instant advance(Duration by) {
        now = now.plus(by);
        return now;
    }
}
