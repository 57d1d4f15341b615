package dev.mlpipeline.mongo;

import static dev.mlpipeline.mongo.JobFields.ATTEMPTS;
import static dev.mlpipeline.mongo.JobFields.CLAIMED_AT;
import static dev.mlpipeline.mongo.JobFields.COMPLETED_AT;
import static dev.mlpipeline.mongo.JobFields.CREATED_AT;
import static dev.mlpipeline.mongo.JobFields.ERROR;
import static dev.mlpipeline.mongo.JobFields.HELD;
import static dev.mlpipeline.mongo.JobFields.ID;
import static dev.mlpipeline.mongo.JobFields.LEASE_EXPIRES_AT;
import static dev.mlpipeline.mongo.JobFields.PROGRESS;
import static dev.mlpipeline.mongo.JobFields.RESULT;
import static dev.mlpipeline.mongo.JobFields.STARTED_AT;
import static dev.mlpipeline.mongo.JobFields.STATUS;
import static dev.mlpipeline.mongo.JobFields.STATUS_MESSAGE;
import static dev.mlpipeline.mongo.JobFields.UPDATED_AT;
import static dev.mlpipeline.mongo.JobFields.VIDEO_ID;
import static dev.mlpipeline.mongo.JobFields.WORKER_ID;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.mlpipeline.core.domain.Job;
import dev.mlpipeline.core.domain.JobId;
import dev.mlpipeline.core.domain.JobResult;
import dev.mlpipeline.core.domain.JobStatus;
import dev.mlpipeline.core.domain.WireFormat;
import dev.mlpipeline.core.port.JobRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;

/**
 * The job queue in the {@code processing_jobs} collection, shaped as CONTRACT.md says. Every operation
 * is a single document command, so it is atomic on the server without any client-side locking.
 * Timestamps are fixed-width strings, so comparing them as strings compares them in time.
 */
public final class MongoJobRepository implements JobRepository {
    static final String COLLECTION = "processing_jobs";

    private static final int INDEX_OPTIONS_CONFLICT = 85;
    private static final int MAX_UNREADABLE_PER_CLAIM = 10;
    private static final int INDEX_KEY_SPECS_CONFLICT = 86;

    private final MongoCollection<Document> jobs;

    public MongoJobRepository(MongoDatabase database) {
        this.jobs = database.getCollection(COLLECTION);
    }

    /** Creates the indexes the queue's queries use; safe to call on every start. */
    public void ensureIndexes() {
        StoreCalls.run("create the job indexes", () -> {
            ensureIndex(Indexes.ascending(STATUS, CREATED_AT));
            ensureIndex(Indexes.ascending(STATUS, LEASE_EXPIRES_AT));
            ensureIndex(Indexes.descending(CREATED_AT));
            ensureIndex(Indexes.ascending(VIDEO_ID));
        });
    }

    private void ensureIndex(Bson keys) {
        try {
            jobs.createIndex(keys);
        } catch (MongoCommandException e) {
            // the main backend may already have built the same keys under another name or with other
            // options: that index serves our queries just as well, so it is not an error
            if (e.getErrorCode() != INDEX_OPTIONS_CONFLICT && e.getErrorCode() != INDEX_KEY_SPECS_CONFLICT) {
                throw e;
            }
        }
    }

    @Override
    public void insert(Job job) {
        StoreCalls.run("insert a job", () -> {
            try {
                jobs.insertOne(JobDocuments.toDocument(job));
            } catch (MongoWriteException e) {
                if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                    throw new IllegalStateException("duplicate job id " + job.id(), e);
                }
                throw e;
            }
        });
    }

    @Override
    public Optional<Job> findById(JobId id) {
        return StoreCalls.call("read a job", () ->
                Optional.ofNullable(jobs.find(byId(id)).first()).map(JobDocuments::fromDocument));
    }

    @Override
    public List<Job> list(Optional<JobStatus> status, int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative, was " + limit);
        }
        if (limit == 0) {
            return List.of(); // the driver reads limit 0 as "no limit"
        }
        Bson filter = status.map(s -> Filters.eq(STATUS, s.wire())).orElse(Filters.empty());
        return StoreCalls.call("list jobs", () -> {
            List<Job> found = new ArrayList<>();
            // a document another program wrote badly is left out (and logged), not allowed to break the list
            for (Document document : jobs.find(filter).sort(Sorts.descending(CREATED_AT)).limit(limit)) {
                JobDocuments.tryFromDocument(document).ifPresent(found::add);
            }
            return found;
        });
    }

    @Override
    public Optional<Job> claimNext(String workerId, Instant now, Duration lease, int maxAttempts) {
        Bson claimable = Filters.or(
                Filters.eq(STATUS, JobStatus.PENDING.wire()),
                Filters.and(
                        Filters.in(STATUS, HELD),
                        Filters.lte(LEASE_EXPIRES_AT, WireFormat.time(now)),
                        // a document the main backend inserted has no count: it has had no attempt
                        Filters.or(Filters.lt(ATTEMPTS, maxAttempts), Filters.exists(ATTEMPTS, false))));
        Bson claim = Updates.combine(
                Updates.set(STATUS, JobStatus.CLAIMED.wire()),
                Updates.set(STATUS_MESSAGE, "Claimed"),
                Updates.set(WORKER_ID, workerId),
                Updates.set(CLAIMED_AT, WireFormat.time(now)),
                Updates.set(LEASE_EXPIRES_AT, WireFormat.time(now.plus(lease))),
                Updates.set(UPDATED_AT, WireFormat.time(now)),
                Updates.inc(ATTEMPTS, 1),
                Updates.unset(RESULT),
                Updates.unset(ERROR),
                Updates.unset(COMPLETED_AT));
        FindOneAndUpdateOptions oldestFirst = new FindOneAndUpdateOptions()
                .sort(Sorts.ascending(CREATED_AT))
                .returnDocument(ReturnDocument.AFTER);
        return StoreCalls.call("claim a job", () -> {
            for (int tries = 0; tries < MAX_UNREADABLE_PER_CLAIM; tries++) {
                Document claimed = jobs.findOneAndUpdate(claimable, claim, oldestFirst);
                if (claimed == null) {
                    return Optional.<Job>empty();
                }
                Optional<Job> job = JobDocuments.tryFromDocument(claimed);
                if (job.isPresent()) {
                    return job;
                }
                // a document we cannot read would be claimed again and again: end it, and take the next
                jobs.updateOne(Filters.eq(ID, claimed.get(ID)), Updates.combine(
                        Updates.set(STATUS, JobStatus.FAILED.wire()),
                        Updates.set(ERROR, "unreadable job document"),
                        Updates.set(COMPLETED_AT, WireFormat.time(now))));
            }
            return Optional.<Job>empty();
        });
    }

    @Override
    public boolean renewLease(JobId id, String workerId, Instant now, Duration lease) {
        return updateHeld("renew a lease", id, workerId,
                Updates.set(LEASE_EXPIRES_AT, WireFormat.time(now.plus(lease))),
                Updates.set(UPDATED_AT, WireFormat.time(now)));
    }

    @Override
    public boolean start(JobId id, String workerId, String message, Instant now) {
        return updateHeld("start a job", id, workerId,
                Updates.set(STATUS, JobStatus.PROCESSING.wire()),
                Updates.set(PROGRESS, 0),
                Updates.set(STATUS_MESSAGE, message),
                Updates.set(STARTED_AT, WireFormat.time(now)),
                Updates.set(UPDATED_AT, WireFormat.time(now)));
    }

    @Override
    public boolean updateProgress(JobId id, String workerId, int progress, String message, Instant now) {
        return updateHeld("record progress", id, workerId,
                Updates.set(PROGRESS, progress),
                Updates.set(STATUS_MESSAGE, message),
                Updates.set(UPDATED_AT, WireFormat.time(now)));
    }

    @Override
    public boolean complete(JobId id, String workerId, JobResult result, Instant now) {
        return updateHeld("complete a job", id, workerId,
                Updates.set(STATUS, JobStatus.COMPLETED.wire()),
                Updates.set(PROGRESS, 100),
                Updates.set(STATUS_MESSAGE, "Completed"),
                Updates.set(COMPLETED_AT, WireFormat.time(now)),
                Updates.set(RESULT, new Document(WireFormat.resultToMap(result))),
                Updates.unset(ERROR),
                Updates.set(UPDATED_AT, WireFormat.time(now)));
    }

    @Override
    public boolean fail(JobId id, String workerId, String error, Instant now) {
        return updateHeld("fail a job", id, workerId,
                Updates.set(STATUS, JobStatus.FAILED.wire()),
                Updates.set(STATUS_MESSAGE, "Failed"),
                Updates.set(ERROR, error),
                Updates.set(COMPLETED_AT, WireFormat.time(now)),
                Updates.unset(RESULT),
                Updates.set(UPDATED_AT, WireFormat.time(now)));
    }

    @Override
    public boolean release(JobId id, String workerId, Instant now) {
        return updateHeld("release a job", id, workerId,
                Updates.set(STATUS, JobStatus.PENDING.wire()),
                Updates.set(PROGRESS, 0),
                Updates.set(STATUS_MESSAGE, "Queued"),
                Updates.unset(WORKER_ID),
                Updates.unset(CLAIMED_AT),
                Updates.unset(LEASE_EXPIRES_AT),
                Updates.unset(STARTED_AT),
                Updates.unset(COMPLETED_AT),
                Updates.unset(RESULT),
                Updates.unset(ERROR),
                // cannot go below 0: the guard requires a worker_id, which only a claim sets, and
                // every claim has counted its attempt
                Updates.inc(ATTEMPTS, -1),
                Updates.set(UPDATED_AT, WireFormat.time(now)));
    }

    @Override
    public List<Job> failAbandoned(Instant now, int maxAttempts) {
        Bson abandoned = Filters.and(
                Filters.in(STATUS, HELD),
                Filters.lte(LEASE_EXPIRES_AT, WireFormat.time(now)),
                Filters.gte(ATTEMPTS, maxAttempts));
        Bson failed = Updates.combine(
                Updates.set(STATUS, JobStatus.FAILED.wire()),
                Updates.set(STATUS_MESSAGE, "Failed"),
                Updates.set(ERROR, JobRepository.abandonedError(maxAttempts)),
                Updates.set(COMPLETED_AT, WireFormat.time(now)),
                Updates.unset(RESULT),
                Updates.set(UPDATED_AT, WireFormat.time(now)));
        return StoreCalls.call("fail abandoned jobs", () -> {
            List<Job> done = new ArrayList<>();
            // one by one, each still guarded by the filter, so that the caller learns exactly which it failed
            for (Document document : jobs.find(abandoned)) {
                Bson same = Filters.and(Filters.eq(ID, document.get(ID)), abandoned);
                if (jobs.updateOne(same, failed).getMatchedCount() == 1) {
                    JobDocuments.tryFromDocument(document).ifPresent(done::add);
                }
            }
            return done;
        });
    }

    /** Changes the job only while {@code workerId} still holds it: the fence against a reclaimed lease. */
    private boolean updateHeld(String action, JobId id, String workerId, Bson... changes) {
        Bson held = Filters.and(byId(id), Filters.eq(WORKER_ID, workerId), Filters.in(STATUS, HELD));
        return StoreCalls.call(action, () -> jobs.updateOne(held, Updates.combine(changes)).getMatchedCount() == 1);
    }

    private static Bson byId(JobId id) {
        return Filters.eq(ID, new ObjectId(id.hex()));
    }
}
