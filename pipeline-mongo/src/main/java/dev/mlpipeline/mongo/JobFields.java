package dev.mlpipeline.mongo;

/**
 * The names of the {@code processing_jobs} fields that queries touch. WireFormat owns the whole
 * document (and the names that updates write); JobFieldsTest checks each one against its map so the
 * two cannot drift apart.
 */
final class JobFields {
    static final String ID = "_id";
    static final String VIDEO_ID = "video_id";
    static final String STATUS = "status";
    static final String PROGRESS = "progress";
    static final String STATUS_MESSAGE = "status_message";
    static final String CREATED_AT = "created_at";
    static final String UPDATED_AT = "updated_at";
    static final String STARTED_AT = "started_at";
    static final String COMPLETED_AT = "completed_at";
    static final String RESULT = "result";
    static final String ERROR = "error";
    static final String ATTEMPTS = "attempts";
    static final String WORKER_ID = "worker_id";
    static final String CLAIMED_AT = "claimed_at";
    static final String LEASE_EXPIRES_AT = "lease_expires_at";
    static final String NOT_BEFORE = "not_before";
    /** Set to the job's video id while the job holds its video; a unique sparse index makes it exclusive. */
    static final String ACTIVE_VIDEO_ID = "active_video_id";

    private JobFields() {
    }
}
