package dev.mlpipeline.core.service;

import java.time.Duration;
import java.util.function.LongSupplier;

/** Passes progress on at most once per interval, so a fast run does not flood the database. */
final class ProgressGate {
    private final long everyNanos;
    private final long expected;
    private final ProgressListener listener;
    private final LongSupplier nanoTime;
    private long last;

    ProgressGate(Duration every, long expected, ProgressListener listener) {
        this(every, expected, listener, System::nanoTime);
    }

    ProgressGate(Duration every, long expected, ProgressListener listener, LongSupplier nanoTime) {
        this.everyNanos = every.toNanos();
        this.expected = expected;
        this.listener = listener;
        this.nanoTime = nanoTime;
        this.last = nanoTime.getAsLong();
    }

    void framesDone(long done) {
        long now = nanoTime.getAsLong();
        if (now - last >= everyNanos) {
            last = now;
            listener.progress(done, expected);
        }
    }
}
