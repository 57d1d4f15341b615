package dev.mlpipeline.mongo;

import static dev.mlpipeline.mongo.JobFields.COMPLETED_AT;
import static dev.mlpipeline.mongo.JobFields.ID;
import static dev.mlpipeline.mongo.JobFields.STATUS;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.mlpipeline.core.domain.CallbackDelivery;
import dev.mlpipeline.core.domain.Job;
import dev.mlpipeline.core.domain.JobStatus;
import dev.mlpipeline.core.port.JobRepository.DueCallback;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.bson.BsonType;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;

/**
 * The webhook deliveries of {@code processing_jobs}, kept on the jobs themselves so that they outlive
 * any instance: {@code callback_url} (written by {@code POST /jobs}, or by the main backend), every
 * POST made in {@code callback_deliveries}, and where the current end stands in {@code callback}
 * ({@code tries}, {@code next_at}, the live {@code claim} and its {@code claimed_until}, and once settled
 * {@code outcome} and {@code settled_at}). A retry removes {@code callback}, so the job's next end is
 * told afresh. Thread-safe.
 */
final class CallbackQueue {
    static final String URL = "callback_url";
    static final String DELIVERIES = "callback_deliveries";
    private static final String TRIES = "callback.tries";
    private static final String NEXT_AT = "callback.next_at";
    private static final String CLAIM = "callback.claim";
    private static final String CLAIMED_UNTIL = "callback.claimed_until";
    private static final String OUTCOME = "callback.outcome";
    private static final String SETTLED_AT = "callback.settled_at";
    private static final List<String> ENDED = JobQueries.words(
            List.of(JobStatus.COMPLETED, JobStatus.FAILED, JobStatus.CANCELLED));
    private static final System.Logger LOG = System.getLogger(CallbackQueue.class.getName());

    private final MongoCollection<Document> jobs;

    CallbackQueue(MongoCollection<Document> jobs) {
        this.jobs = jobs;
    }

    Optional<DueCallback> claim(Instant now, Duration lease) {
        String at = WireFormat.time(now);
        // one flat document: the embedded server tests it on every job
        Bson due = new Document(STATUS, new Document("$in", ENDED))
                .append(URL, new Document("$type", BsonType.STRING.getValue()))
                .append(OUTCOME, null)
                .append("$and", List.of(
                        new Document("$or", List.of(new Document(NEXT_AT, null),
                                new Document(NEXT_AT, new Document("$lte", at)))),
                        new Document("$or", List.of(new Document(CLAIMED_UNTIL, null),
                                new Document(CLAIMED_UNTIL, new Document("$lt", at))))));
        String claim = UUID.randomUUID().toString();
        Document claimed = jobs.findOneAndUpdate(due, Updates.combine(
                        Updates.set(CLAIM, claim),
                        Updates.set(CLAIMED_UNTIL, WireFormat.time(now.plus(lease))),
                        Updates.inc(TRIES, 1)),
                new FindOneAndUpdateOptions().sort(Sorts.ascending(COMPLETED_AT)).returnDocument(ReturnDocument.AFTER));
        if (claimed == null) {
            return Optional.empty();
        }
        Optional<Job> job = JobDocuments.tryFromDocument(claimed);
        if (job.isEmpty() || job.get().callback() == null) {
            // nothing to tell from a document we cannot read: settle it rather than claim it forever
            LOG.log(Level.WARNING, "job " + claimed.get(ID) + ": its callback cannot be sent; giving it up");
            jobs.updateOne(Filters.and(Filters.eq(ID, claimed.get(ID)), Filters.eq(CLAIM, claim)),
                    Updates.combine(Updates.set(OUTCOME, "unreadable"), Updates.set(SETTLED_AT, at)));
            return Optional.empty();
        }
        Document state = claimed.get("callback", Document.class);
        return Optional.of(new DueCallback(job.get(), claim, state.get("tries", Number.class).intValue()));
    }

    boolean record(DueCallback due, CallbackDelivery delivery, Instant retryAt) {
        Bson byId = Filters.eq(ID, claimed(due));
        Bson push = Updates.push(DELIVERIES, new Document(WireFormat.deliveryToMap(delivery)));
        Bson next = retryAt == null
                ? Updates.combine(Updates.set(OUTCOME, delivery.delivered() ? "delivered" : "failed"),
                        Updates.set(SETTLED_AT, WireFormat.time(delivery.at())), Updates.unset(NEXT_AT))
                : Updates.set(NEXT_AT, WireFormat.time(retryAt));
        Bson settle = Updates.combine(push, next, Updates.unset(CLAIM), Updates.unset(CLAIMED_UNTIL));
        if (jobs.updateOne(Filters.and(byId, Filters.eq(CLAIM, due.claim())), settle).getMatchedCount() == 1) {
            return true;
        }
        // a claim taken over, or a job retried meanwhile: the POST happened all the same
        jobs.updateOne(byId, push);
        return false;
    }

    private static ObjectId claimed(DueCallback due) {
        return new ObjectId(due.job().id().hex());
    }
}
