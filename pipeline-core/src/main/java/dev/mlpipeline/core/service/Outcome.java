package dev.mlpipeline.core.service;

import dev.mlpipeline.core.domain.JobResult;
import java.time.Duration;
import java.util.Objects;

/** How a {@link JobHandler} ended one attempt at a job; the {@link Worker} records it on the job. */
public sealed interface Outcome {

    /** Done: the result names what the attempt published. */
    record Completed(JobResult result) implements Outcome {
        public Completed {
            Objects.requireNonNull(result, "result");
        }
    }

    /** Cannot be done; {@code error} says why, for a person to read. */
    record Failed(String error) implements Outcome {
        public Failed {
            Objects.requireNonNull(error, "error");
        }
    }

    /** Not yet: the job goes back to the queue, not to be claimed before {@code retryAfter} has passed. */
    record Deferred(String reason, Duration retryAfter) implements Outcome {
        public Deferred {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(retryAfter, "retryAfter");
        }
    }

    /** Stopped early because the {@link JobContext} was cancelled; the reason there decides what follows. */
    record Cancelled() implements Outcome {
    }

    Outcome CANCELLED = new Cancelled();
}
