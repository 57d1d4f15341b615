package dev.mlpipeline.core.domain;

/**
 * The parts of a stored job that a transition sets or removes. Adapters map each to their own field
 * names; the attempt count changes only by an increment.
 */
public enum JobField {
    /** The job's status. */
    STATUS,
    /** How far the current attempt got, 0 to 100. */
    PROGRESS,
    /** The short account of the status, for a person to read. */
    STATUS_MESSAGE,
    /** When the job was last written: every change sets it. */
    UPDATED_AT,
    /** When the current attempt started processing. */
    STARTED_AT,
    /** When the job ended: completed, failed or cancelled. */
    COMPLETED_AT,
    /** What a completed job published. */
    RESULT,
    /** Why the job failed. */
    ERROR,
    /** The worker that holds the job: part of its lease. */
    WORKER_ID,
    /** When that worker claimed the job: part of its lease. */
    CLAIMED_AT,
    /** Until when the lease holds; a job without it has no lease. */
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
