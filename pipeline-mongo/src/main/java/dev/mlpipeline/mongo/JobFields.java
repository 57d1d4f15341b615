package dev.mlpipeline.mongo;

import dev.mlpipeline.core.domain.JobStatus;
import java.util.List;

/**
 * The names of the {@code processing_jobs} fields that queries and updates touch. WireFormat owns the
 * whole document but has no name constants; JobFieldsTest checks each one against its map so the two
 * cannot drift apart.
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

    /** The statuses in which a worker holds the job under a lease. */
    static final List<String> HELD = List.of(JobStatus.CLAIMED.wire(), JobStatus.PROCESSING.wire());

    private JobFields() {
    }
}
