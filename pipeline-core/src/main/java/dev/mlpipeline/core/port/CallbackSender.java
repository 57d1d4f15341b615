package dev.mlpipeline.core.port;

import dev.mlpipeline.core.domain.Job;
import java.io.IOException;

/**
 * Tells a job's callback URL that the job ended: one HTTP POST, no retry of its own (the
 * {@link dev.mlpipeline.core.service.CallbackDispatcher} retries, and records each POST). Thread-safe.
 */
public interface CallbackSender {

    /**
     * POSTs {@code event} about {@code job} (as stored) to {@code job.callback().url()}, naming this end
     * of the job with {@code deliveryId}, the same on every try, so that a receiver can drop repeats.
     * Returns the HTTP status answered, whatever it is; throws {@link IOException} when no answer came
     * (refused, timed out, not HTTP).
     *
     * @param job the job as stored, with a callback
     * @param event the event to post, such as {@code job.completed}
     * @param deliveryId the name of this end of the job, the same on every try
     * @return the HTTP status answered, whatever it is
     * @throws IOException when no answer came
     */
    int send(Job job, String event, String deliveryId) throws IOException;
}
