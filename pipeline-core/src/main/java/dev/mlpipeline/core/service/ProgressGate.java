package dev.mlpipeline.core.service;

import java.time.Duration;

/** Passes progress on at most once per interval, so a fast run does not flood the database. */
final class ProgressGate {
    private final long everyNanos;
    private final long expected;
    private final ProgressListener listener;
    private long last = System.nanoTime();

    ProgressGate(Duration every, long expected, ProgressListener listener) {
        this.everyNanos = every.toNanos();
        this.expected = expected;
        this.listener = listener;
    }

    void framesDone(long done) {
        long now = System.nanoTime();
        if (now - last >= everyNanos) {
            last = now;
            listener.progress(done, expected);
        }
    }
}
