package dev.mlpipeline.core.service;

import dev.mlpipeline.core.domain.Job;
import dev.mlpipeline.core.domain.LeaseToken;
import java.util.Optional;

/**
 * Does the work of one attempt at a job for the {@link Worker}, which is the only writer of the job's
 * state: the handler reports progress through the {@link JobContext} and returns an {@link Outcome},
 * which the worker records with one fenced transition. Should return soon after
 * {@link JobContext#isCancelled()} turns true. Anything it throws fails the job.
 */
@FunctionalInterface
public interface JobHandler {
    /**
     * Does the work of one attempt at {@code job}, on the worker's thread. A
     * {@link dev.mlpipeline.core.port.StoreUnavailableException} it throws gives the job back to the queue
     * instead of failing it: an outage is not the job's fault.
     *
     * @param job the job as claimed
     * @param context the attempt's token, whether to stop early, and the progress it reports
     * @return how the attempt ended; null fails the job
     */
    Outcome process(Job job, JobContext context);

    /**
     * The worker recorded the outcome: the job says so now. By default nothing.
     *
     * @param job the job as claimed
     * @param token the attempt's token
     * @param outcome the outcome recorded
     */
    default void recorded(Job job, LeaseToken token, Outcome outcome) {
    }

    /**
     * The worker could not record the outcome because the attempt no longer holds the job: remove
     * whatever the attempt made, as nobody will point to it. By default nothing.
     *
     * @param job the job as claimed
     * @param token the attempt's token
     * @param outcome the outcome that was not recorded
     */
    default void rejected(Job job, LeaseToken token, Outcome outcome) {
    }

    /**
     * The job was cancelled on request while this attempt ran (its outcome, if any, is not recorded):
     * remove whatever the attempt made, and say so wherever the attempt reported progress. By default
     * the same as {@link #rejected}.
     *
     * @param job the job as claimed
     * @param token the attempt's token
     */
    default void cancelled(Job job, LeaseToken token) {
        rejected(job, token, Outcome.CANCELLED);
    }

    /**
     * Told of a job the queue failed because its worker was lost on every attempt; by default nothing.
     *
     * @param job the job as it was before it failed
     * @param error the error recorded on it
     */
    default void abandoned(Job job, String error) {
    }

    /**
     * Why no job should be claimed now (the model cannot be used, for instance), or empty when jobs can
     * be run. Asked before every claim, so it must be cheap; by default always ready.
     *
     * @return the reason, for a person to read, or empty
     */
    default Optional<String> notReady() {
        return Optional.empty();
    }

    /**
     * Runs {@code attempt}, the worker's whole handling of one claimed job (from its claim to its recorded
     * outcome, every log line of it included), on the worker's thread. A handler may wrap it to give the
     * thread the job's context, such as a logging MDC with the job's id; it must run {@code attempt}
     * exactly once. By default it just runs it.
     *
     * @param job the job as claimed
     * @param attempt the worker's handling of it, to run once on the calling thread
     */
    default void around(Job job, Runnable attempt) {
        attempt.run();
    }

    /** Housekeeping the worker runs when it starts and from time to time; by default nothing. */
    default void sweep() {
    }
}
