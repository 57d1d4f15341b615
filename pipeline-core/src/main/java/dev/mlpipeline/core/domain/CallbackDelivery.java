package dev.mlpipeline.core.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * One POST of a job's end to its callback URL: the try it was for that end ({@code attempt}, from 1),
 * the event ({@code job.completed}, {@code job.failed}, {@code job.cancelled}), when it was sent, the
 * HTTP status answered (0 when none came), why it failed (null when it did not), and how long it took.
 * Immutable.
 *
 * @param attempt which try at telling this end it was, from 1
 * @param event the event posted, such as {@code job.completed}
 * @param at when the POST was sent
 * @param statusCode the HTTP status answered, 0 when no answer came
 * @param error why the delivery failed, for a person to read; null when it did not
 * @param millis how long the POST took, in milliseconds
 */
public record CallbackDelivery(int attempt, String event, Instant at, int statusCode, String error, long millis) {
    /**
     * Checks the parts.
     *
     * @param attempt which try it was, at least 1
     * @param event the event posted, not null
     * @param at when it was sent, not null
     * @param statusCode the HTTP status answered, 0 for none
     * @param error why it failed, or null
     * @param millis how long it took, in milliseconds
     * @throws NullPointerException when {@code event} or {@code at} is null
     * @throws IllegalArgumentException when {@code attempt} is less than 1
     */
    public CallbackDelivery {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(at, "at");
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be at least 1, was " + attempt);
        }
    }

    /**
     * Whether the receiver took it: a 2xx answer.
     *
     * @return true for a status from 200 to 299
     */
    public boolean delivered() {
        return statusCode >= 200 && statusCode < 300;
    }

    /**
     * The event that tells a job's end in {@code status}, or null for a status that is no end.
     *
     * @param status the job's status, not null
     * @return {@code job.completed}, {@code job.failed} or {@code job.cancelled}; null for any other status
     */
    public static String eventFor(JobStatus status) {
        return status.isTerminal() ? "job." + status.wire() : null;
    }
}
