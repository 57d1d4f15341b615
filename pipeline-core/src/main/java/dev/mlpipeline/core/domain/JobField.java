package dev.mlpipeline.core.domain;

/**
 * The parts of a stored job that a transition sets or removes. Adapters map each to their own field
 * names; the attempt count changes only by an increment.
 */
public enum JobField {
    STATUS,
    PROGRESS,
    STATUS_MESSAGE,
    UPDATED_AT,
    STARTED_AT,
    COMPLETED_AT,
    RESULT,
    ERROR,
    WORKER_ID,
    CLAIMED_AT,
    LEASE_EXPIRES_AT,
    /** The job holds its video: no other job of that video may be claimed meanwhile. Set only to true. */
    HOLDS_VIDEO,
    /** A pending job is not claimed before this time. */
    NOT_BEFORE,
    /**
     * Where the delivery of the job's current end to its callback URL stands (tries, next try, done).
     * Never set by a transition, only removed, by a retry: the job's next end is told afresh. The
     * deliveries made stay recorded.
     */
    CALLBACK_STATE
}
