package dev.mlpipeline.mongo;

import static dev.mlpipeline.mongo.JobFields.ACTIVE_VIDEO_ID;
import static dev.mlpipeline.mongo.JobFields.CREATED_AT;
import static dev.mlpipeline.mongo.JobFields.ID;
import static dev.mlpipeline.mongo.JobFields.LEASE_EXPIRES_AT;
import static dev.mlpipeline.mongo.JobFields.NOT_BEFORE;
import static dev.mlpipeline.mongo.JobFields.STATUS;
import static dev.mlpipeline.mongo.JobFields.VIDEO_ID;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.mlpipeline.core.domain.CallbackDelivery;
import dev.mlpipeline.core.domain.Job;
import dev.mlpipeline.core.domain.JobChanges;
import dev.mlpipeline.core.domain.JobId;
import dev.mlpipeline.core.domain.JobLifecycle;
import dev.mlpipeline.core.domain.JobField;
import dev.mlpipeline.core.domain.JobOverride;
import dev.mlpipeline.core.domain.JobStatus;
import dev.mlpipeline.core.domain.JobTransition;
import dev.mlpipeline.core.domain.ObjectIds;
import dev.mlpipeline.core.domain.QueueRules;
import dev.mlpipeline.core.domain.VideoId;
import dev.mlpipeline.core.port.JobRepository;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;

/**
 * The job queue in the {@code processing_jobs} collection, shaped as docs/contract.md says. Each transition
 * is one conditional update ({@link JobQueries} for the condition, {@link JobUpdates} for the change),
 * so it is atomic on the server without any client-side locking. A claim reads the oldest candidates
 * and takes the first with a conditional {@code findOneAndUpdate}; a unique sparse index on
 * {@code active_video_id} makes holding a video exclusive, so a candidate whose video is held fails
 * with a duplicate key and the next one is tried.
 */
public final class MongoJobRepository implements JobRepository {
    static final String COLLECTION = "processing_jobs";

    private static final System.Logger LOG = System.getLogger(MongoJobRepository.class.getName());
    private static final int INDEX_OPTIONS_CONFLICT = 85;
    private static final int INDEX_KEY_SPECS_CONFLICT = 86;
    private static final int MAX_ROUNDS = 10;

    private final MongoCollection<Document> jobs;
    private final VideoHolds holds;
    private final CallbackQueue callbacks;
    // claims and submissions rely on the unique index: until it is known to exist, they make sure first
    private volatile boolean indexed;

    public MongoJobRepository(MongoDatabase database) {
        this.jobs = database.getCollection(COLLECTION);
        this.holds = new VideoHolds(jobs);
        this.callbacks = new CallbackQueue(jobs);
    }

    /**
     * Creates the indexes the queue's queries and its per-video exclusivity use; safe on every start.
     * Throws {@link IllegalStateException} when an index on {@code active_video_id} exists that is not
     * unique and sparse: jobs of one video could then run at once.
     */
    public void ensureIndexes() {
        StoreCalls.run("create the job indexes", () -> {
            ensureIndex(Indexes.ascending(STATUS, CREATED_AT), new IndexOptions());
            ensureIndex(Indexes.ascending(STATUS, LEASE_EXPIRES_AT), new IndexOptions());
            ensureIndex(Indexes.ascending(STATUS, NOT_BEFORE), new IndexOptions());
            ensureIndex(Indexes.descending(CREATED_AT), new IndexOptions());
            ensureIndex(Indexes.ascending(VIDEO_ID), new IndexOptions());
            try {
                jobs.createIndex(Indexes.ascending(ACTIVE_VIDEO_ID), new IndexOptions().unique(true).sparse(true));
            } catch (MongoCommandException e) {
                if (isConflict(e)) {
                    throw new IllegalStateException("processing_jobs has an index on " + ACTIVE_VIDEO_ID
                            + " that is not unique and sparse; drop it so that the service can keep jobs of one"
                            + " video apart: " + e.getErrorMessage(), e);
                }
                throw e;
            }
        });
        indexed = true;
    }

    private void ensureIndexed() {
        if (!indexed) {
            ensureIndexes();
        }
    }

    private void ensureIndex(Bson keys, IndexOptions options) {
        try {
            jobs.createIndex(keys, options);
        } catch (MongoCommandException e) {
            // the main backend may already have built the same keys under another name or with other
            // options: that index serves our queries just as well, so it is not an error
            if (!isConflict(e)) {
                throw e;
            }
        }
    }

    private static boolean isConflict(MongoCommandException e) {
        return e.getErrorCode() == INDEX_OPTIONS_CONFLICT || e.getErrorCode() == INDEX_KEY_SPECS_CONFLICT;
    }

    @Override
    public void insert(Job job) {
        StoreCalls.run("insert a job", () -> {
            try {
                jobs.insertOne(JobDocuments.toDocument(job));
            } catch (MongoWriteException e) {
                if (VideoHolds.isDuplicateKey(e)) {
                    throw new IllegalStateException("duplicate job id " + job.id() + ", or its video is held", e);
                }
                throw e;
            }
        });
    }

    @Override
    public Submission submit(Job job) {
        Job holding = job.holdingVideo();
        ensureIndexed();
        return StoreCalls.call("submit a job", () -> {
            for (int tries = 0; tries < MAX_ROUNDS; tries++) {
                Optional<Job> open = findOpen(job.videoId());
                if (open.isPresent()) {
                    return new Submission(open.get(), false);
                }
                try {
                    Document inserted = JobDocuments.toDocument(holding);
                    jobs.insertOne(inserted);
                    // read back from what was written, so that it carries its stored document
                    return new Submission(JobDocuments.fromDocument(inserted), true);
                } catch (MongoWriteException e) {
                    if (!VideoHolds.isDuplicateKey(e) || !e.getError().getMessage().contains(ACTIVE_VIDEO_ID)) {
                        throw e;
                    }
                    // another submission won the race, or a finished job still claims the video
                    holds.releaseStale(VideoHolds.key(job.videoId()));
                }
            }
            throw new IllegalStateException("could not submit a job for video " + job.videoId());
        });
    }

    private Optional<Job> findOpen(VideoId video) {
        Bson ofVideo = Filters.in(VIDEO_ID, new ObjectId(video.hex()), video.hex());
        for (Document document : jobs.find(Filters.and(ofVideo, Filters.in(STATUS, JobQueries.words(JobLifecycle.OPEN))))
                .sort(Sorts.ascending(CREATED_AT))) {
            Optional<Job> job = JobDocuments.tryFromDocument(document);
            if (job.isPresent()) {
                return job;
            }
        }
        return Optional.empty();
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
    public Map<JobStatus, Long> countByStatus() {
        return StoreCalls.call("count jobs by status", () -> {
            Map<JobStatus, Long> counts = new HashMap<>();
            for (Document group : jobs.aggregate(List.of(
                    Aggregates.group("$" + STATUS, Accumulators.sum("count", 1L))))) {
                // a status another program left out, or wrote as something else than a word, is not one
                if (group.get(ID) instanceof String word && !word.isBlank()) {
                    counts.merge(JobStatus.of(word), ((Number) group.get("count")).longValue(), Long::sum);
                }
            }
            return counts;
        });
    }

    @Override
    public Optional<Job> claimNext(String workerId, Instant now, QueueRules rules) {
        Bson claimable = JobQueries.claimable(now, rules);
        Bson update = JobUpdates.ofClaim(JobLifecycle.claim(workerId, now, rules.lease()));
        FindOneAndUpdateOptions oldestFirst = new FindOneAndUpdateOptions()
                .sort(Sorts.ascending(CREATED_AT)).returnDocument(ReturnDocument.AFTER);
        ensureIndexed();
        return StoreCalls.call("claim a job", () -> {
            List<Object> skipped = holds.stillWaiting();
            for (int round = 0; round < MAX_ROUNDS; round++) {
                Document claimed = jobs.findOneAndUpdate(skipped.isEmpty() ? claimable
                        : Filters.and(claimable, Filters.nin(ID, skipped)), update, oldestFirst);
                if (claimed == null) {
                    return Optional.<Job>empty();
                }
                Optional<Job> job = JobDocuments.tryFromDocument(claimed);
                if (job.isEmpty()) {
                    // a document we cannot read would be claimed again and again: end it
                    failUnreadable(claimed.get(ID), now);
                    continue;
                }
                ObjectId video = VideoHolds.key(job.get().videoId());
                if (holds.take(claimed.get(ID), video, claimed.get(ACTIVE_VIDEO_ID))) {
                    return Optional.of(job.get().holdingVideo());
                }
                // another open job holds the video: give this one back, and pass it by until that ends
                apply(JobLifecycle.release(job.get().token(), "Waiting for another job of this video", null, now));
                holds.waitFor(claimed.get(ID), video);
                skipped.add(claimed.get(ID));
            }
            return Optional.<Job>empty();
        });
    }

    private void failUnreadable(Object id, Instant now) {
        LOG.log(Level.WARNING, "job " + id + " cannot be read; failing it instead of handing it to a worker");
        jobs.updateOne(Filters.and(Filters.eq(ID, id), Filters.in(STATUS, JobQueries.words(JobLifecycle.OPEN))),
                JobUpdates.of(JobLifecycle.failUnreadable(now)));
    }

    @Override
    public boolean apply(JobTransition transition) {
        return StoreCalls.call(transition.action(), () -> jobs.updateOne(JobQueries.precondition(transition),
                JobUpdates.of(transition.changes())).getMatchedCount() == 1);
    }

    /**
     * Reads the job, then changes it on the condition that its status is still the one read; a job that
     * moved meanwhile is read again. Taking the video is part of the same update, so the unique index
     * refuses it while another job holds the video.
     */
    @Override
    public Optional<Overridden> override(JobOverride change) {
        ensureIndexed();
        FindOneAndUpdateOptions after = new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER);
        return StoreCalls.call(change.action(), () -> {
            for (int round = 0; round < MAX_ROUNDS; round++) {
                Optional<Job> found = findById(change.jobId());
                if (found.isEmpty()) {
                    return Optional.<Overridden>empty();
                }
                Job job = found.get();
                if (!change.appliesTo(job)) {
                    return Optional.of(new Overridden(job, false, Optional.empty()));
                }
                Bson update = change.holdsVideo()
                        ? Updates.combine(JobUpdates.of(change.changes().without(JobField.HOLDS_VIDEO)),
                                Updates.set(ACTIVE_VIDEO_ID, VideoHolds.key(job.videoId())))
                        : JobUpdates.of(change.changes());
                try {
                    Document changed = jobs.findOneAndUpdate(Filters.and(byId(change.jobId()),
                            Filters.eq(STATUS, job.status().wire())), update, after);
                    if (changed != null) {
                        return Optional.of(new Overridden(JobDocuments.fromDocument(changed), true, Optional.empty()));
                    }
                } catch (MongoCommandException e) {
                    if (!VideoHolds.isDuplicateKey(e)) {
                        throw e;
                    }
                    ObjectId video = VideoHolds.key(job.videoId());
                    if (!holds.releaseStale(video)) {
                        Optional<JobId> holder = holds.holder(video).map(Object::toString)
                                .filter(ObjectIds::isValid).map(JobId::parse);
                        return Optional.of(new Overridden(job, false, holder));
                    }
                }
            }
            throw new IllegalStateException("could not " + change.action() + " " + change.jobId()
                    + ": it kept changing");
        });
    }

    @Override
    public Optional<DueCallback> claimCallback(Instant now, Duration lease) {
        return StoreCalls.call("claim a callback", () -> callbacks.claim(now, lease));
    }

    @Override
    public boolean recordCallback(DueCallback due, CallbackDelivery delivery, Instant retryAt) {
        return StoreCalls.call("record a callback delivery", () -> callbacks.record(due, delivery, retryAt));
    }

    @Override
    public List<Job> failAbandoned(Instant now, QueueRules rules) {
        Bson abandoned = JobQueries.abandoned(now, rules);
        Bson failed = JobUpdates.of(JobLifecycle.abandon(rules.maxAttempts(), now));
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

    private static Bson byId(JobId id) {
        return Filters.eq(ID, new ObjectId(id.hex()));
    }
}
