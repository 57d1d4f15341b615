package dev.mlpipeline.core.domain;

import java.util.List;
import java.util.Objects;

/**
 * A job's state, as the word stored in its {@code status}. ml-pipeline's own six words are the
 * constants; other programs sharing the queue have words of their own (the main backend writes
 * {@code queued}, for instance), and a job keeps such a word unchanged: ml-pipeline shows it and
 * filters on it, and never claims, renews, fails, cancels or retries a job in it. {@code cancelled},
 * which the main backend writes too, means the same to both. Immutable; {@link #of} returns the
 * constant for each of the six words, so they may be compared with {@code ==}.
 */
public final class JobStatus {
    /** Waiting in the queue to be claimed. */
    public static final JobStatus PENDING = new JobStatus("pending");
    /** Taken by a worker, under a lease, and not started yet. */
    public static final JobStatus CLAIMED = new JobStatus("claimed");
    /** Being worked on by the worker that holds its lease. */
    public static final JobStatus PROCESSING = new JobStatus("processing");
    /** Done: its result names what was published. */
    public static final JobStatus COMPLETED = new JobStatus("completed");
    /** Ended without a result: its error says why. */
    public static final JobStatus FAILED = new JobStatus("failed");
    /** Ended on request ({@code POST /jobs/<id>/cancel}) before it completed. */
    public static final JobStatus CANCELLED = new JobStatus("cancelled");

    private static final List<JobStatus> OURS = List.of(PENDING, CLAIMED, PROCESSING, COMPLETED, FAILED, CANCELLED);

    private final String word;

    private JobStatus(String word) {
        this.word = word;
    }

    /**
     * The status stored as {@code word}; throws {@link InvalidInputException} for a blank one.
     *
     * @param word the word as stored, compared exactly (case included)
     * @return the constant for one of ml-pipeline's six words, otherwise a status of that word
     * @throws InvalidInputException when {@code word} is null or blank
     */
    public static JobStatus of(String word) {
        if (word == null || word.isBlank()) {
            throw new InvalidInputException("a status must be a word, was '" + word + "'");
        }
        for (JobStatus status : OURS) {
            if (status.word.equals(word)) {
                return status;
            }
        }
        return new JobStatus(word);
    }

    /**
     * ml-pipeline's six statuses, in the order a job goes through them.
     *
     * @return the six constants, {@link #PENDING} first and {@link #CANCELLED} last; unmodifiable
     */
    public static List<JobStatus> values() {
        return OURS;
    }

    /**
     * The word as stored.
     *
     * @return the word, never blank
     */
    public String wire() {
        return word;
    }

    /**
     * Whether this is one of ml-pipeline's six words rather than another program's.
     *
     * @return true for the six constants
     */
    public boolean isOurs() {
        return OURS.contains(this);
    }

    /**
     * Completed, failed or cancelled: no attempt runs it, and it holds no video.
     *
     * @return true for {@link #COMPLETED}, {@link #FAILED} and {@link #CANCELLED}
     */
    public boolean isTerminal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof JobStatus status && status.word.equals(word);
    }

    @Override
    public int hashCode() {
        return Objects.hash(word);
    }

    @Override
    public String toString() {
        return word;
    }
}
