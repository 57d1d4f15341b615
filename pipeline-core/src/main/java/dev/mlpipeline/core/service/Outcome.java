package dev.mlpipeline.core.service;

import dev.mlpipeline.core.domain.JobResult;
import java.time.Duration;
import java.util.Objects;

/** How a {@link JobHandler} ended one attempt at a job; the {@link Worker} records it on the job. */
public sealed interface Outcome {

    /**
     * Done: the result names what the attempt published.
     *
     * @param result what the attempt published
     */
    record Completed(JobResult result) implements Outcome {
        /**
         * Checks the result.
         *
         * @param result what the attempt published, not null
         * @throws NullPointerException when {@code result} is null
         */
        public Completed {
            Objects.requireNonNull(result, "result");
        }
    }

    /**
     * Cannot be done; {@code error} says why, for a person to read.
     *
     * @param error why, for a person to read
     */
    record Failed(String error) implements Outcome {
        /**
         * Checks the error.
         *
         * @param error why, not null
         * @throws NullPointerException when {@code error} is null
         */
        public Failed {
            Objects.requireNonNull(error, "error");
        }
    }

    /**
     * Not yet: the job goes back to the queue, not to be claimed before {@code retryAfter} has passed.
     *
     * @param reason why, recorded as the job's status message
     * @param retryAfter how long the job waits before it may be claimed again
     */
    record Deferred(String reason, Duration retryAfter) implements Outcome {
        /**
         * Checks the parts.
         *
         * @param reason why, not null
         * @param retryAfter the wait, not null
         * @throws NullPointerException when an argument is null
         */
        public Deferred {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(retryAfter, "retryAfter");
        }
    }

    /** Stopped early because the {@link JobContext} was cancelled; the reason there decides what follows. */
    record Cancelled() implements Outcome {
    }

    /** The outcome of a cancelled attempt. */
    Outcome CANCELLED = new Cancelled();
}
