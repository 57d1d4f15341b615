package dev.mlpipeline.mongo;

import static dev.mlpipeline.mongo.JobFields.ATTEMPTS;
import static dev.mlpipeline.mongo.JobFields.CREATED_AT;
import static dev.mlpipeline.mongo.JobFields.ID;
import static dev.mlpipeline.mongo.JobFields.LEASE_EXPIRES_AT;
import static dev.mlpipeline.mongo.JobFields.NOT_BEFORE;
import static dev.mlpipeline.mongo.JobFields.STATUS;
import static dev.mlpipeline.mongo.JobFields.UPDATED_AT;
import static dev.mlpipeline.mongo.JobFields.WORKER_ID;

import com.mongodb.client.model.Filters;
import dev.mlpipeline.core.domain.JobLifecycle;
import dev.mlpipeline.core.domain.JobStatus;
import dev.mlpipeline.core.domain.JobTransition;
import dev.mlpipeline.core.domain.LeaseToken;
import dev.mlpipeline.core.domain.QueueRules;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;

/**
 * The preconditions of {@link JobLifecycle} and {@link QueueRules} as MongoDB filters, one for one:
 * JobRepositoryContract runs the same cases against this adapter and the in-memory one. Timestamps we
 * write are fixed-width strings, so they compare in time order as strings. {@code lease_expires_at} and
 * {@code not_before} are only ever written by this service; {@code updated_at} and {@code created_at}
 * may come from other programs as dates, so their comparisons match either form.
 */
final class JobQueries {
    private JobQueries() {
    }

    /** The precondition of a transition: the attempt still holds the job, in one of the statuses it starts from. */
    static Bson precondition(JobTransition transition) {
        return heldBy(transition.token()).append(STATUS, new Document("$in", words(transition.from())));
    }

    /** One flat document, {@code _id} first: a document of another job is ruled out by its first field. */
    static Document heldBy(LeaseToken token) {
        return new Document(ID, new ObjectId(token.jobId().hex()))
                .append(WORKER_ID, token.workerId())
                .append(ATTEMPTS, token.attempt())
                .append(LEASE_EXPIRES_AT, new Document("$ne", null));
    }

    /**
     * {@link QueueRules#isClaimable}. The cheapest test that rules a document out comes first: servers
     * without usable indexes (the embedded one) evaluate this on every document of the queue.
     */
    static Bson claimable(Instant now, QueueRules rules) {
        // flat documents rather than $and lists: the embedded server matches them with less work
        Document ready = new Document(STATUS, JobStatus.PENDING.wire()).append("$or", List.of(
                new Document(NOT_BEFORE, null), new Document(NOT_BEFORE, new Document("$lte", WireFormat.time(now)))));
        return Filters.or(ready, Filters.and(
                orphaned(now, rules),
                // a document the main backend inserted has no count: it has had no attempt
                Filters.or(Filters.lt(ATTEMPTS, rules.maxAttempts()), Filters.eq(ATTEMPTS, null))));
    }

    /** {@link QueueRules#isAbandoned}. */
    static Bson abandoned(Instant now, QueueRules rules) {
        return Filters.and(Filters.gte(ATTEMPTS, rules.maxAttempts()), orphaned(now, rules));
    }

    /** {@link QueueRules#isOrphaned}: held, and its lease expired, or with no lease and stale. */
    private static Bson orphaned(Instant now, QueueRules rules) {
        Instant staleBefore = rules.staleBefore(now);
        return Filters.and(
                Filters.in(STATUS, words(JobLifecycle.HELD)),
                Filters.or(
                        Filters.lte(LEASE_EXPIRES_AT, WireFormat.time(now)),
                        Filters.and(Filters.eq(LEASE_EXPIRES_AT, null), Filters.or(
                                atOrBefore(UPDATED_AT, staleBefore),
                                // as read: no updated_at means created_at, no created_at means the id's time
                                Filters.and(Filters.eq(UPDATED_AT, null), Filters.or(
                                        atOrBefore(CREATED_AT, staleBefore),
                                        Filters.and(Filters.eq(CREATED_AT, null),
                                                Filters.lte(ID, lastIdOfSecond(staleBefore)))))))));
    }

    private static Bson atOrBefore(String field, Instant time) {
        return Filters.or(Filters.lte(field, WireFormat.time(time)), Filters.lte(field, Date.from(time)));
    }

    /** The greatest ObjectId made in the second of {@code time}: ids compare by their leading seconds. */
    private static ObjectId lastIdOfSecond(Instant time) {
        byte[] bytes = new byte[12];
        Arrays.fill(bytes, (byte) 0xff);
        ByteBuffer.wrap(bytes).putInt((int) time.getEpochSecond());
        return new ObjectId(bytes);
    }

    static List<String> words(Collection<JobStatus> statuses) {
        return statuses.stream().map(JobStatus::wire).sorted().toList();
    }
}
