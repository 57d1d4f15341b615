package dev.mlpipeline.examples.jdbc;

import static dev.mlpipeline.examples.jdbc.JobSchema.TABLE;

import dev.mlpipeline.core.domain.CallbackDelivery;
import dev.mlpipeline.core.domain.Job;
import dev.mlpipeline.core.domain.JobField;
import dev.mlpipeline.core.domain.JobId;
import dev.mlpipeline.core.domain.JobLifecycle;
import dev.mlpipeline.core.domain.JobOverride;
import dev.mlpipeline.core.domain.JobStatus;
import dev.mlpipeline.core.domain.JobTransition;
import dev.mlpipeline.core.domain.QueueRules;
import dev.mlpipeline.core.domain.VideoId;
import dev.mlpipeline.core.port.JobRepository;
import dev.mlpipeline.examples.jdbc.JobRows.Row;
import dev.mlpipeline.examples.jdbc.Transactions.LostRace;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * An example {@link JobRepository} over JDBC, one row per job ({@link JobSchema}), written for H2 2.x. Every
 * operation is a transaction that reads the row(s) it may change, locking them, lets the domain decide exactly
 * as {@code InMemoryJobRepository} does ({@link QueueRules#isClaimable}, {@link JobTransition#appliesTo},
 * {@link JobLifecycle}), and writes the job the domain computed on the condition that the row's
 * {@code version} is the one read. The unique {@code active_video_id} arbitrates which job holds a video:
 * two claims, submissions or retries racing for one video cannot both commit.
 *
 * <p>A claim locks its candidate with {@code FOR UPDATE SKIP LOCKED}, so that workers claiming at once pass
 * each other by instead of queueing on the oldest job; a fenced transition waits for the row's lock, so that
 * it is decided on the job as the last writer left it.
 */
public final class JdbcJobRepository implements JobRepository {
    /** How many of the oldest candidates a claim looks at per round, and how many rounds it makes. */
    static final int CANDIDATES = 16;
    static final int MAX_ROUNDS = 10;

    private static final System.Logger LOG = System.getLogger(JdbcJobRepository.class.getName());
    // a held job whose holder is presumed dead: its lease ran out, or it has none and stopped updating
    private static final String ORPHANED = "status IN (" + Sql.marks(JobLifecycle.HELD.size()) + ")"
            + " AND (lease_expires_at <= ? OR lease_expires_at IS NULL AND updated_at <= ?)";
    // QueueRules.isClaimable, and a video that no other job holds; the domain decides again on the locked row
    private static final String CLAIMABLE = "(status = ? AND (not_before IS NULL OR not_before <= ?)"
            + " OR attempts < ? AND " + ORPHANED + ") AND (active_video_id IS NOT NULL OR NOT EXISTS"
            + " (SELECT 1 FROM " + TABLE + " h WHERE h.active_video_id = " + TABLE + ".video_id))";

    private final Transactions transactions;
    private final CallbackClaims callbacks;

    public JdbcJobRepository(DataSource dataSource) {
        this.transactions = new Transactions(dataSource);
        this.callbacks = new CallbackClaims(transactions);
    }

    /** Creates the table and its indexes if they do not exist yet; safe to call on every start. */
    public void createSchema() {
        transactions.run("create the job table", c -> {
            try (Statement statement = c.createStatement()) {
                for (String sql : JobSchema.STATEMENTS) {
                    statement.execute(sql);
                }
            }
            return null;
        });
    }

    @Override
    public void insert(Job job) {
        transactions.run("insert a job", c -> {
            try {
                JobRows.insert(c, job);
            } catch (SQLException e) {
                if (Sql.isUniqueViolation(e)) {
                    throw new IllegalStateException("duplicate job id " + job.id() + ", or video " + job.videoId()
                            + " is already held", e);
                }
                throw e;
            }
            return null;
        });
    }

    @Override
    public Submission submit(Job job) {
        Job holding = job.holdingVideo();
        for (int round = 0; round < MAX_ROUNDS; round++) {
            Optional<Submission> done = transactions.run("submit a job", c -> {
                Optional<Row> open = JobRows.select(c, "WHERE video_id = ? AND status IN ("
                        + Sql.marks(JobLifecycle.OPEN.size()) + ") ORDER BY created_at, id LIMIT 1",
                        params(job.videoId().hex(), Sql.words(JobLifecycle.OPEN))).stream().findFirst();
                if (open.isPresent()) {
                    return Optional.of(new Submission(open.get().job(), false));
                }
                try {
                    JobRows.insert(c, holding);
                    return Optional.of(new Submission(holding, true));
                } catch (SQLException e) {
                    if (!Sql.isUniqueViolation(e)) {
                        throw e;
                    }
                }
                c.rollback();
                if (!JobRows.select(c, "WHERE id = ?", job.id().hex()).isEmpty()) {
                    throw new IllegalStateException("duplicate job id " + job.id());
                }
                // another submission won (the next round returns its job), or a finished job still holds the video
                Optional<Row> holder = holder(c, job.videoId(), job.id());
                if (holder.isPresent() && !JobLifecycle.OPEN.contains(holder.get().job().status())) {
                    freeStaleHold(c, holder.get());
                }
                return Optional.<Submission>empty();
            });
            if (done.isPresent()) {
                return done.get();
            }
        }
        throw new IllegalStateException("could not submit a job for video " + job.videoId() + ": it kept changing");
    }

    @Override
    public Optional<Job> findById(JobId id) {
        return transactions.run("read a job", c -> JobRows.select(c, "WHERE id = ?", id.hex()).stream()
                .findFirst().map(Row::job));
    }

    @Override
    public List<Job> list(Optional<JobStatus> status, int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative, was " + limit);
        }
        if (limit == 0) {
            return List.of(); // some databases read LIMIT 0 as no limit at all
        }
        return transactions.run("list jobs", c -> (status.isPresent()
                ? JobRows.select(c, "WHERE status = ? ORDER BY created_at DESC, id DESC LIMIT ?", status.get().wire(),
                        limit)
                : JobRows.select(c, "ORDER BY created_at DESC, id DESC LIMIT ?", limit))
                .stream().map(Row::job).toList());
    }

    @Override
    public Map<JobStatus, Long> countByStatus() {
        return transactions.run("count jobs by status", c -> {
            Map<JobStatus, Long> counts = new HashMap<>();
            try (PreparedStatement statement = c.prepareStatement("SELECT status, COUNT(*) FROM " + TABLE
                    + " GROUP BY status"); ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    // a status that is no word is not one (JobStatus.of refuses it): not counted
                    if (!rows.getString(1).isBlank()) {
                        counts.put(JobStatus.of(rows.getString(1)), rows.getLong(2));
                    }
                }
            }
            return counts;
        });
    }

    @Override
    public Optional<Job> claimNext(String workerId, Instant now, QueueRules rules) {
        for (int round = 0; round < MAX_ROUNDS; round++) {
            Object[] params = params(JobStatus.PENDING.wire(), now, rules.maxAttempts(),
                    Sql.words(JobLifecycle.HELD), now, rules.staleBefore(now), CANDIDATES);
            List<JobId> candidates = transactions.run("look for a job to claim", c -> ids(c,
                    "WHERE " + CLAIMABLE + " ORDER BY created_at, id LIMIT ?", params));
            if (candidates.isEmpty()) {
                return Optional.empty();
            }
            for (JobId id : candidates) {
                Optional<Job> claimed = transactions.run("claim a job", c -> tryClaim(c, id, workerId, now, rules));
                if (claimed.isPresent()) {
                    return claimed;
                }
            }
        }
        // every candidate went to other workers meanwhile: the next poll finds what is left
        return Optional.empty();
    }

    private static Optional<Job> tryClaim(Connection c, JobId id, String workerId, Instant now, QueueRules rules)
            throws SQLException {
        // a row another transaction holds is being claimed or changed right now: the next candidate is taken
        Optional<Row> found = JobRows.select(c, "WHERE id = ? FOR UPDATE SKIP LOCKED", id.hex()).stream().findFirst();
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Job job = found.get().job();
        if (!rules.isClaimable(job, now) || !job.holdsVideo() && holder(c, job.videoId(), job.id()).isPresent()) {
            return Optional.empty();
        }
        Job claimed = JobLifecycle.claim(workerId, now, rules.lease()).applyTo(job);
        try {
            if (!JobRows.update(c, found.get(), claimed)) {
                throw new LostRace();
            }
            return Optional.of(claimed);
        } catch (SQLException e) {
            if (!Sql.isUniqueViolation(e)) {
                throw e;
            }
            // another job of the video was claimed and committed since the holder was looked up: it runs first
            c.rollback();
            return Optional.empty();
        }
    }

    @Override
    public boolean apply(JobTransition transition) {
        return transactions.run(transition.action(), c -> {
            Optional<Row> found = JobRows.lock(c, transition.jobId());
            if (found.isEmpty() || !transition.appliesTo(found.get().job())) {
                return false;
            }
            if (!JobRows.update(c, found.get(), transition.changes().applyTo(found.get().job()))) {
                throw new LostRace();
            }
            return true;
        });
    }

    @Override
    public Optional<Overridden> override(JobOverride change) {
        return transactions.run(change.action(), c -> {
            Optional<Row> found = JobRows.lock(c, change.jobId());
            if (found.isEmpty()) {
                return Optional.empty();
            }
            Job job = found.get().job();
            if (!change.appliesTo(job)) {
                return Optional.of(new Overridden(job, false, Optional.empty()));
            }
            if (change.holdsVideo()) {
                Optional<Row> holder = holder(c, job.videoId(), job.id());
                if (holder.isPresent() && JobLifecycle.OPEN.contains(holder.get().job().status())) {
                    return Optional.of(new Overridden(job, false, Optional.of(holder.get().job().id())));
                }
                if (holder.isPresent()) {
                    freeStaleHold(c, holder.get());
                }
            }
            Job changed = change.changes().applyTo(job);
            try {
                if (!JobRows.update(c, found.get(), changed)) {
                    throw new LostRace();
                }
            } catch (SQLException e) {
                if (Sql.isUniqueViolation(e)) {
                    // another job took the video since the holder was looked up: read again, and say which
                    throw new LostRace();
                }
                throw e;
            }
            if (change.changes().unsets().contains(JobField.CALLBACK_STATE)) {
                CallbackClaims.reset(c, job.id());
            }
            return Optional.of(new Overridden(changed, true, Optional.empty()));
        });
    }

    @Override
    public Optional<DueCallback> claimCallback(Instant now, Duration lease) {
        return callbacks.claim(now, lease);
    }

    @Override
    public boolean recordCallback(DueCallback due, CallbackDelivery delivery, Instant retryAt) {
        return callbacks.record(due, delivery, retryAt);
    }

    @Override
    public List<Job> failAbandoned(Instant now, QueueRules rules) {
        Object[] params = params(Sql.words(JobLifecycle.HELD), now, rules.staleBefore(now), rules.maxAttempts());
        List<JobId> candidates = transactions.run("look for abandoned jobs", c -> ids(c,
                "WHERE " + ORPHANED + " AND attempts >= ? ORDER BY created_at, id", params));
        List<Job> failed = new ArrayList<>();
        for (JobId id : candidates) {
            transactions.run("fail an abandoned job", c -> {
                Optional<Row> found = JobRows.lock(c, id);
                if (found.isEmpty() || !rules.isAbandoned(found.get().job(), now)) {
                    return Optional.<Job>empty();
                }
                Job job = found.get().job();
                if (!JobRows.update(c, found.get(), JobLifecycle.abandon(rules.maxAttempts(), now).applyTo(job))) {
                    throw new LostRace();
                }
                return Optional.of(job);
            }).ifPresent(failed::add);
        }
        return failed;
    }

    /**
     * The row of the job other than {@code except} that holds {@code video}, as committed: not locked, since the
     * unique {@code active_video_id} refuses a second holder whatever was read here.
     */
    private static Optional<Row> holder(Connection c, VideoId video, JobId except) throws SQLException {
        return JobRows.select(c, "WHERE active_video_id = ? AND id <> ?", video.hex(), except.hex()).stream()
                .findFirst();
    }

    /**
     * Frees a video held by a job that is no longer open, which only a program writing the table by hand
     * leaves behind (every end this store writes frees the video), so that the next job of the video may go on.
     */
    private static void freeStaleHold(Connection c, Row stale) throws SQLException {
        LOG.log(Level.WARNING, "job " + stale.job().id() + " is " + stale.job().status() + " but still held its"
                + " video; freeing the video for the next job");
        if (Sql.update(c, "UPDATE " + TABLE + " SET active_video_id = NULL, version = version + 1"
                + " WHERE id = ? AND version = ?", stale.job().id().hex(), stale.version()) != 1) {
            throw new LostRace();
        }
    }

    static List<JobId> ids(Connection c, String where, Object... params) throws SQLException {
        try (PreparedStatement statement = Sql.prepare(c, "SELECT id FROM " + TABLE + " " + where, params);
                ResultSet rows = statement.executeQuery()) {
            List<JobId> ids = new ArrayList<>();
            while (rows.next()) {
                ids.add(JobId.parse(rows.getString(1)));
            }
            return ids;
        }
    }

    /** The values in order, a list among them spread out in its place (for the marks of an IN). */
    private static Object[] params(Object... values) {
        List<Object> flat = new ArrayList<>();
        for (Object value : values) {
            if (value instanceof List<?> list) {
                flat.addAll(list);
            } else {
                flat.add(value);
            }
        }
        return flat.toArray();
    }
}
