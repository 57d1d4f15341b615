package dev.mlpipeline.examples.jdbc;

import static dev.mlpipeline.examples.jdbc.JobSchema.TABLE;

import dev.mlpipeline.core.domain.Callback;
import dev.mlpipeline.core.domain.Job;
import dev.mlpipeline.core.domain.JobId;
import dev.mlpipeline.core.domain.JobStatus;
import dev.mlpipeline.core.domain.Lease;
import dev.mlpipeline.core.domain.VideoId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a {@link Job} is written to a row of {@code processing_jobs} and read back. A write always stores the
 * whole job as the domain computed it ({@code JobChanges.applyTo}), on the condition that the row still has
 * the version it was read with.
 */
final class JobRows {
    static final String COLUMNS = "id, video_id, status, progress, status_message, created_at, updated_at, "
            + "started_at, completed_at, result, error, attempts, worker_id, claimed_at, lease_expires_at, "
            + "not_before, active_video_id, callback_url, callback_deliveries, callback_tries, callback_next_at, "
            + "callback_claim, callback_claimed_until, callback_settled, version";

    private static final String INSERT = "INSERT INTO " + TABLE + " (id, video_id, created_at, status, progress, "
            + "status_message, updated_at, started_at, completed_at, result, error, attempts, worker_id, claimed_at, "
            + "lease_expires_at, not_before, active_video_id, callback_url, callback_deliveries, version) "
            + "VALUES (?, ?, ?, " + Sql.marks(16) + ", 0)";
    private static final String UPDATE = "UPDATE " + TABLE + " SET status = ?, progress = ?, status_message = ?, "
            + "updated_at = ?, started_at = ?, completed_at = ?, result = ?, error = ?, attempts = ?, worker_id = ?, "
            + "claimed_at = ?, lease_expires_at = ?, not_before = ?, active_video_id = ?, callback_url = ?, "
            + "callback_deliveries = ?, version = version + 1 WHERE id = ? AND version = ?";

    private JobRows() {
    }

    /** A job as read, with its row's version and where the delivery of its current end stands. */
    record Row(Job job, long version, CallbackState callback) {
    }

    /** The delivery of a job's current end to its callback URL: tries so far, next try, live claim, done. */
    record CallbackState(int tries, Instant nextAt, String claim, Instant claimedUntil, boolean settled) {
    }

    /** The rows that {@code where} (with its ORDER BY, LIMIT, FOR UPDATE) selects. */
    static List<Row> select(Connection connection, String where, Object... params) throws SQLException {
        try (PreparedStatement statement = Sql.prepare(connection, "SELECT " + COLUMNS + " FROM " + TABLE + " "
                + where, params); ResultSet rows = statement.executeQuery()) {
            List<Row> found = new ArrayList<>();
            while (rows.next()) {
                found.add(read(rows));
            }
            return found;
        }
    }

    /** The job's row, locked until the transaction ends (waiting for a writer that holds it). */
    static Optional<Row> lock(Connection connection, JobId id) throws SQLException {
        return select(connection, "WHERE id = ? FOR UPDATE", id.hex()).stream().findFirst();
    }

    static void insert(Connection connection, Job job) throws SQLException {
        List<Object> params = new ArrayList<>(List.of(job.id().hex(), job.videoId().hex(), job.createdAt()));
        params.addAll(values(job));
        Sql.update(connection, INSERT, params.toArray());
    }

    /**
     * Writes {@code after} over the row read as {@code before}, if no one wrote it since; false otherwise.
     * Throws the unique violation when {@code after} holds a video that another row holds.
     */
    static boolean update(Connection connection, Row before, Job after) throws SQLException {
        List<Object> params = new ArrayList<>(values(after));
        params.add(before.job().id().hex());
        params.add(before.version());
        return Sql.update(connection, UPDATE, params.toArray()) == 1;
    }

    /** The columns every write sets, in the order INSERT and UPDATE name them. */
    private static List<Object> values(Job job) {
        Lease lease = job.lease();
        List<Object> values = new ArrayList<>();
        values.add(job.status().wire());
        values.add(job.progress());
        values.add(job.statusMessage());
        values.add(job.updatedAt());
        values.add(job.startedAt());
        values.add(job.completedAt());
        values.add(StoredText.result(job.result()));
        values.add(job.error());
        values.add(job.attempts());
        values.add(lease == null ? null : lease.workerId());
        values.add(lease == null ? null : lease.claimedAt());
        values.add(lease == null ? null : lease.expiresAt());
        values.add(job.notBefore());
        values.add(job.holdsVideo() ? job.videoId().hex() : null);
        values.add(job.callback() == null ? null : job.callback().url());
        values.add(job.callback() == null ? null : StoredText.deliveries(job.callback().deliveries()));
        return values;
    }

    private static Row read(ResultSet row) throws SQLException {
        Instant expiresAt = Sql.instant(row, "lease_expires_at");
        Lease lease = expiresAt == null ? null
                : new Lease(row.getString("worker_id"), Sql.instant(row, "claimed_at"), expiresAt);
        String url = row.getString("callback_url");
        Callback callback = url == null ? null
                : new Callback(url, StoredText.deliveries(row.getString("callback_deliveries")));
        // stored stays empty: this store has no fields beyond the ones read, so there is nothing more to show
        Job job = new Job(JobId.parse(row.getString("id")), VideoId.parse(row.getString("video_id")),
                JobStatus.of(row.getString("status")), row.getInt("progress"), row.getString("status_message"),
                Sql.instant(row, "created_at"), Sql.instant(row, "updated_at"), Sql.instant(row, "started_at"),
                Sql.instant(row, "completed_at"), StoredText.result(row.getString("result")), row.getString("error"),
                row.getInt("attempts"), lease, Sql.instant(row, "not_before"),
                row.getString("active_video_id") != null, callback, Map.of());
        CallbackState state = new CallbackState(row.getInt("callback_tries"), Sql.instant(row, "callback_next_at"),
                row.getString("callback_claim"), Sql.instant(row, "callback_claimed_until"),
                row.getBoolean("callback_settled"));
        return new Row(job, row.getLong("version"), state);
    }
}
