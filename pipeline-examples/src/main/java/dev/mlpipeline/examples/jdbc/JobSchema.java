package dev.mlpipeline.examples.jdbc;

import java.util.List;

/**
 * The {@code processing_jobs} table, one row per job, in H2's dialect (close to PostgreSQL's). What the queue
 * selects on is a column of its own; the parts of a job only ever read whole (its result, its callback
 * deliveries) are JSON text ({@link StoredText}). Timestamps keep nanoseconds, so an {@code Instant} reads back
 * exactly as written.
 */
final class JobSchema {
    static final String TABLE = "processing_jobs";

    private static final String TIME = "TIMESTAMP(9) WITH TIME ZONE";

    /** The statements that create the table and its indexes; each may be run again. */
    static final List<String> STATEMENTS = List.of(
            "CREATE TABLE IF NOT EXISTS " + TABLE + " ("
                    + "id CHAR(24) PRIMARY KEY, "
                    + "video_id CHAR(24) NOT NULL, "
                    + "status VARCHAR(64) NOT NULL, "
                    + "progress INT NOT NULL, "
                    + "status_message CHARACTER VARYING, "
                    + "created_at " + TIME + " NOT NULL, "
                    + "updated_at " + TIME + " NOT NULL, "
                    + "started_at " + TIME + ", "
                    + "completed_at " + TIME + ", "
                    + "result CHARACTER LARGE OBJECT, "
                    + "error CHARACTER VARYING, "
                    + "attempts INT NOT NULL, "
                    + "worker_id CHARACTER VARYING, "
                    + "claimed_at " + TIME + ", "
                    + "lease_expires_at " + TIME + ", "
                    + "not_before " + TIME + ", "
                    // the video's id while the job holds it, null otherwise: unique, so one job holds a video
                    // at a time (NULLs are distinct), as MongoDB's unique sparse index on the same field does
                    + "active_video_id CHAR(24), "
                    + "callback_url VARCHAR(2048), "
                    + "callback_deliveries CHARACTER LARGE OBJECT, "
                    // where the delivery of the job's current end stands; a retry resets it
                    + "callback_tries INT DEFAULT 0 NOT NULL, "
                    + "callback_next_at " + TIME + ", "
                    + "callback_claim VARCHAR(64), "
                    + "callback_claimed_until " + TIME + ", "
                    + "callback_settled BOOLEAN DEFAULT FALSE NOT NULL, "
                    // grows with every write: an update names the version it read, so a lost race changes nothing
                    + "version BIGINT NOT NULL, "
                    + "CONSTRAINT processing_jobs_one_holder_per_video UNIQUE (active_video_id))",
            "CREATE INDEX IF NOT EXISTS processing_jobs_by_status ON " + TABLE + " (status, created_at)",
            "CREATE INDEX IF NOT EXISTS processing_jobs_by_created ON " + TABLE + " (created_at)",
            "CREATE INDEX IF NOT EXISTS processing_jobs_by_video ON " + TABLE + " (video_id, status)",
            "CREATE INDEX IF NOT EXISTS processing_jobs_by_end ON " + TABLE + " (completed_at)");

    private JobSchema() {
    }
}
