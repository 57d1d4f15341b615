package dev.mlpipeline.core.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * One POST of a job's end to its callback URL: the try it was for that end ({@code attempt}, from 1),
 * the event ({@code job.completed}, {@code job.failed}, {@code job.cancelled}), when it was sent, the
 * HTTP status answered (0 when none came), why it failed (null when it did not), and how long it took.
 */
public record CallbackDelivery(int attempt, String event, Instant at, int statusCode, String error, long millis) {
    public CallbackDelivery {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(at, "at");
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be at least 1, was " + attempt);
        }
    }

    /** Whether the receiver took it: a 2xx answer. */
    public boolean delivered() {
        return statusCode >= 200 && statusCode < 300;
    }

    /** The event that tells a job's end in {@code status}, or null for a status that is no end. */
    public static String eventFor(JobStatus status) {
        return status.isTerminal() ? "job." + status.wire() : null;
    }
}
