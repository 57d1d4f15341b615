package dev.mlpipeline.examples.jdbc;

import static dev.mlpipeline.examples.jdbc.JobSchema.TABLE;

import dev.mlpipeline.core.domain.CallbackDelivery;
import dev.mlpipeline.core.domain.Job;
import dev.mlpipeline.core.domain.JobId;
import dev.mlpipeline.core.domain.JobStatus;
import dev.mlpipeline.core.port.JobRepository.DueCallback;
import dev.mlpipeline.examples.jdbc.JobRows.CallbackState;
import dev.mlpipeline.examples.jdbc.JobRows.Row;
import dev.mlpipeline.examples.jdbc.Transactions.LostRace;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The webhook side of the queue: claiming the callback of an ended job, and recording what its POST did. Where
 * the delivery of a job's current end stands is kept in the {@code callback_*} columns of the job's row; the
 * POSTs made are part of the job ({@code callback_deliveries}), kept across its ends.
 */
final class CallbackClaims {
    private static final List<JobStatus> ENDED = List.of(JobStatus.COMPLETED, JobStatus.FAILED, JobStatus.CANCELLED);
    private static final String DUE = "status IN (" + Sql.marks(ENDED.size()) + ") AND callback_url IS NOT NULL"
            + " AND completed_at IS NOT NULL AND NOT callback_settled"
            + " AND (callback_next_at IS NULL OR callback_next_at <= ?)"
            + " AND (callback_claimed_until IS NULL OR callback_claimed_until < ?)";

    private final Transactions transactions;

    CallbackClaims(Transactions transactions) {
        this.transactions = transactions;
    }

    Optional<DueCallback> claim(Instant now, Duration lease) {
        for (int round = 0; round < JdbcJobRepository.MAX_ROUNDS; round++) {
            List<Object> params = new ArrayList<>(Sql.words(ENDED));
            params.add(now);
            params.add(now);
            params.add(JdbcJobRepository.CANDIDATES);
            List<JobId> candidates = transactions.run("look for a due callback", c -> JdbcJobRepository.ids(c,
                    "WHERE " + DUE + " ORDER BY completed_at, id LIMIT ?", params.toArray()));
            if (candidates.isEmpty()) {
                return Optional.empty();
            }
            for (JobId id : candidates) {
                Optional<DueCallback> due = transactions.run("claim a callback", c -> tryClaim(c, id, now, lease));
                if (due.isPresent()) {
                    return due;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<DueCallback> tryClaim(Connection c, JobId id, Instant now, Duration lease)
            throws SQLException {
        // a row another transaction holds is being claimed or changed right now: the next candidate is taken
        Optional<Row> found = JobRows.select(c, "WHERE id = ? FOR UPDATE SKIP LOCKED", id.hex()).stream().findFirst();
        if (found.isEmpty() || !isDue(found.get(), now)) {
            return Optional.empty();
        }
        int tries = found.get().callback().tries() + 1;
        String claim = UUID.randomUUID().toString();
        if (Sql.update(c, "UPDATE " + TABLE + " SET callback_tries = ?, callback_claim = ?, callback_claimed_until = ?,"
                + " version = version + 1 WHERE id = ? AND version = ?", tries, claim, now.plus(lease), id.hex(),
                found.get().version()) != 1) {
            throw new LostRace();
        }
        return Optional.of(new DueCallback(found.get().job(), claim, tries));
    }

    /** The same test as the query's, on the row as locked: an ended job whose current end is still to tell. */
    private static boolean isDue(Row row, Instant now) {
        Job job = row.job();
        CallbackState state = row.callback();
        return job.callback() != null && job.status().isTerminal() && job.completedAt() != null && !state.settled()
                && (state.nextAt() == null || !state.nextAt().isAfter(now))
                && (state.claimedUntil() == null || state.claimedUntil().isBefore(now));
    }

    boolean record(DueCallback due, CallbackDelivery delivery, Instant retryAt) {
        return transactions.run("record a callback delivery", c -> {
            Optional<Row> found = JobRows.lock(c, due.job().id());
            if (found.isEmpty() || found.get().job().callback() == null) {
                return false;
            }
            Job job = found.get().job();
            // the POST happened whoever holds the claim now: it is recorded either way
            if (!JobRows.update(c, found.get(), job.withCallback(job.callback().with(delivery)))) {
                throw new LostRace();
            }
            if (!due.claim().equals(found.get().callback().claim())) {
                return false;
            }
            Sql.update(c, "UPDATE " + TABLE + " SET callback_next_at = ?, callback_claim = NULL,"
                    + " callback_claimed_until = NULL, callback_settled = ? WHERE id = ?", retryAt, retryAt == null,
                    job.id().hex());
            return true;
        });
    }

    /** Forgets where the delivery of the job's last end stood, so that its next end is told afresh. */
    static void reset(Connection c, JobId id) throws SQLException {
        Sql.update(c, "UPDATE " + TABLE + " SET callback_tries = 0, callback_next_at = NULL, callback_claim = NULL,"
                + " callback_claimed_until = NULL, callback_settled = FALSE WHERE id = ?", id.hex());
    }
}
