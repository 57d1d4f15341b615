package dev.mlpipeline.mongo;

import static dev.mlpipeline.core.testing.Builders.T0;
import static dev.mlpipeline.core.testing.Builders.aPendingJob;
import static dev.mlpipeline.core.testing.Builders.someStats;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoCollection;
import dev.mlpipeline.core.domain.Job;
import dev.mlpipeline.core.domain.JobId;
import dev.mlpipeline.core.domain.JobLifecycle;
import dev.mlpipeline.core.domain.JobResult;
import dev.mlpipeline.core.domain.JobStatus;
import dev.mlpipeline.core.domain.LeaseToken;
import dev.mlpipeline.core.domain.QueueRules;
import dev.mlpipeline.core.domain.VideoId;
import dev.mlpipeline.core.port.JobRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the documents in {@code processing_jobs} look like, to us and to the main backend. */
class MongoJobStorageTest {
    private static final Pattern FIXED_WIDTH = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
    private static final Duration LEASE = Duration.ofSeconds(60);
    private static final QueueRules RULES = new QueueRules(LEASE, 3, Duration.ofMinutes(10));

    @RegisterExtension
    static final MongoTestDatabase MONGO = new MongoTestDatabase();

    private MongoJobRepository repository;
    private MongoCollection<Document> collection;

    @BeforeEach
    void setUp() {
        repository = new MongoJobRepository(MONGO.database());
        repository.ensureIndexes();
        collection = MONGO.database().getCollection(MongoJobRepository.COLLECTION);
    }

    @Test
    void storedJobHasObjectIdsAndOnlyTheFieldsThatAreSet() {
        Job job = aPendingJob().createdAt(T0).build();
        repository.insert(job);

        Document stored = storedDocument(job.id());
        assertEquals(new ObjectId(job.id().hex()), stored.get("_id"));
        assertEquals(new ObjectId(job.videoId().hex()), stored.get("video_id"));
        assertEquals("pending", stored.get("status"));
        assertEquals(0, stored.get("progress"));
        assertEquals(0, stored.get("attempts"));
        assertEquals("Queued", stored.get("status_message"));
        assertEquals("2026-01-02T03:04:05.123456Z", stored.get("created_at"));
        assertEquals(Set.of("_id", "video_id", "status", "progress", "status_message", "created_at", "updated_at",
                "attempts"), stored.keySet());
    }

    @Test
    void countingByStatusLeavesOutDocumentsWithoutAStatusWord() {
        repository.insert(aPendingJob().createdAt(T0).build());
        collection.insertOne(new Document("_id", new ObjectId()).append("video_id", new ObjectId()));
        collection.insertOne(new Document("_id", new ObjectId()).append("status", 3));
        collection.insertOne(new Document("_id", new ObjectId()).append("status", " "));
        collection.insertOne(new Document("_id", new ObjectId()).append("status", "cancelled"));

        assertEquals(Map.of(JobStatus.PENDING, 1L, JobStatus.of("cancelled"), 1L), repository.countByStatus());
    }

    @Test
    void timestampsAreFixedWidthAndSortInTimeOrder() {
        Instant wholeSecond = Instant.parse("2026-01-02T03:04:05Z");
        Job first = aPendingJob().createdAt(wholeSecond).build();
        Job second = aPendingJob().createdAt(wholeSecond.plusMillis(500)).build();
        Job third = aPendingJob().createdAt(wholeSecond.plusSeconds(1)).build();
        repository.insert(third);
        repository.insert(first);
        repository.insert(second);

        List<String> stored = List.of(createdAt(first), createdAt(second), createdAt(third));
        assertEquals(List.of("2026-01-02T03:04:05.000000Z", "2026-01-02T03:04:05.500000Z",
                "2026-01-02T03:04:06.000000Z"), stored);
        assertEquals(stored, stored.stream().sorted().toList());
    }

    @Test
    void aClaimedAndCompletedJobKeepsTheContractShape() {
        Job job = aPendingJob().createdAt(T0).build();
        repository.submit(job);
        assertEquals(new ObjectId(job.videoId().hex()), storedDocument(job.id()).get("active_video_id"));
        Instant now = T0.plusSeconds(1);
        LeaseToken token = repository.claimNext("worker-a", now, RULES).orElseThrow().token();
        repository.apply(JobLifecycle.start(token, "Starting", now));
        repository.apply(JobLifecycle.complete(token, new JobResult("/uploads/annotated_clip.mp4", someStats(), null,
                List.of("the video ends early")), now));

        Document stored = storedDocument(job.id());
        assertEquals("completed", stored.get("status"));
        assertEquals(100, stored.get("progress"));
        assertEquals(1, stored.get("attempts"));
        assertEquals("worker-a", stored.get("worker_id"));
        for (String field : List.of("created_at", "updated_at", "started_at", "completed_at", "claimed_at",
                "lease_expires_at")) {
            assertTrue(FIXED_WIDTH.matcher(stored.getString(field)).matches(), field + ": " + stored.get(field));
        }
        Document result = stored.get("result", Document.class);
        assertEquals("/uploads/annotated_clip.mp4", result.get("annotated_video_url"));
        assertEquals(List.of("the video ends early"), result.get("warnings"));
        Document stats = result.get("stats", Document.class);
        assertEquals(90, stats.get("total_frames"), "counters that fit in 32 bits are int32, as pymongo writes them");
        assertEquals(new Document("person", 12).append("car", 3),
                stats.get("detection_stats", Document.class));
        assertFalse(stored.containsKey("error"));
        assertFalse(stored.containsKey("active_video_id"), "a finished job holds its video no more");
    }

    @Test
    void everyValueAnotherProgramWroteKeepsItsTypeAndValueThroughAClaimAndACompletion() {
        Date requested = Date.from(Instant.parse("2026-01-02T03:00:00Z"));
        Document origin = new Document("video_id", new ObjectId()).append("status", "pending")
                .append("progress", 0).append("priority", 3L).append("weight", 0.5)
                .append("budget", Decimal128.parse("12.50")).append("requested_at", requested)
                .append("survey", new Document("id", new ObjectId()).append("segments", List.of(1, 2L, 3.5)))
                .append("created_at", "2026-01-02T03:04:05.250000");
        ObjectId id = insertForeign(new Document(origin));
        Instant now = Instant.parse("2026-01-02T03:05:00Z");

        LeaseToken token = repository.claimNext("worker-a", now, RULES).orElseThrow().token();
        repository.apply(JobLifecycle.progress(token, 42, "Processing frame 30/90", now));
        repository.apply(JobLifecycle.complete(token, new JobResult("/uploads/annotated_a.mp4", someStats(), null),
                now));

        Document stored = collection.find(new Document("_id", id)).first();
        for (String field : List.of("priority", "weight", "budget", "requested_at", "survey", "created_at", "video_id")) {
            assertEquals(origin.get(field), stored.get(field), field);
            assertEquals(origin.get(field).getClass(), stored.get(field).getClass(), field);
        }
        assertInstanceOf(Integer.class, stored.get("progress"), "progress is an int32, as the origin writes it");
        assertInstanceOf(Integer.class, stored.get("attempts"));
    }

    @Test
    void aJobIsReadWithItsStoredDocumentAsItIsWithNothingInvented() {
        Document originsStats = new Document("total_frames", 300).append("processed_frames", 100)
                .append("detection_stats", new Document("pothole", 2)).append("total_detections", 2);
        ObjectId id = insertForeign(new Document("video_id", new ObjectId()).append("status", "completed")
                .append("progress", 42.5).append("note", "from the origin")
                .append("result", new Document("annotated_video_url", "/uploads/annotated_a.mp4")
                        .append("stats", originsStats))
                .append("created_at", "2026-01-02T03:04:05"));

        Job job = repository.findById(JobId.parse(id.toHexString())).orElseThrow();

        assertEquals(List.of("_id", "video_id", "status", "progress", "note", "result", "created_at"),
                List.copyOf(job.stored().keySet()));
        assertEquals(42.5, job.stored().get("progress"));
        assertEquals("from the origin", job.stored().get("note"));
        assertEquals(BsonValues.plain(originsStats), ((Map<?, ?>) job.stored().get("result")).get("stats"),
                "no zero-filled stats");
        assertEquals(42, job.progress(), "ml-pipeline's own reading");
    }

    @Test
    void jobsTheMainBackendInsertedAreFoundListedAndClaimed() {
        ObjectId video = new ObjectId();
        ObjectId pythonString = insertForeign(new Document("video_id", video).append("status", "pending")
                .append("created_at", "2026-01-02T03:04:05.250000"));
        ObjectId pythonNoFraction = insertForeign(new Document("video_id", new ObjectId()).append("status", "pending")
                .append("created_at", "2026-01-02T03:04:06"));
        ObjectId bsonDate = insertForeign(new Document("video_id", new ObjectId()).append("status", "pending")
                .append("created_at", Date.from(Instant.parse("2026-01-02T03:04:07Z"))));
        ObjectId bare = insertForeign(new Document("video_id", new ObjectId()).append("status", "pending"));

        Job fromPython = repository.findById(JobId.parse(pythonString.toHexString())).orElseThrow();
        assertEquals(VideoId.parse(video.toHexString()), fromPython.videoId());
        assertEquals(Instant.parse("2026-01-02T03:04:05.25Z"), fromPython.createdAt());
        assertEquals(0, fromPython.attempts());
        assertEquals(0, fromPython.progress());
        assertEquals(Instant.parse("2026-01-02T03:04:06Z"),
                repository.findById(JobId.parse(pythonNoFraction.toHexString())).orElseThrow().createdAt());
        assertEquals(Instant.parse("2026-01-02T03:04:07Z"),
                repository.findById(JobId.parse(bsonDate.toHexString())).orElseThrow().createdAt());
        assertEquals(Instant.ofEpochSecond(bare.getTimestamp()),
                repository.findById(JobId.parse(bare.toHexString())).orElseThrow().createdAt());

        Set<String> foreign = Set.of(pythonString.toHexString(), pythonNoFraction.toHexString(),
                bsonDate.toHexString(), bare.toHexString());
        assertEquals(foreign, hexes(repository.list(Optional.of(JobStatus.PENDING), 10)));

        Set<String> claimed = new HashSet<>();
        Optional<Job> next;
        while ((next = repository.claimNext("w1", Instant.now(), RULES)).isPresent()) {
            assertEquals(1, next.get().attempts());
            assertEquals(JobStatus.CLAIMED, next.get().status());
            claimed.add(next.get().id().hex());
        }
        assertEquals(foreign, claimed);
    }

    @Test
    void anExpiredForeignClaimWithoutAnAttemptCountIsClaimedAgain() {
        ObjectId id = insertForeign(new Document("video_id", new ObjectId()).append("status", "processing")
                .append("created_at", "2026-01-02T03:04:05.000000Z")
                .append("worker_id", "gone").append("claimed_at", "2026-01-02T03:04:05.000000Z")
                .append("lease_expires_at", "2026-01-02T03:05:05.000000Z"));

        Job reclaimed = repository.claimNext("w2", Instant.parse("2026-01-02T03:06:00Z"), RULES).orElseThrow();

        assertEquals(id.toHexString(), reclaimed.id().hex());
        assertEquals(1, reclaimed.attempts());
        assertEquals("w2", reclaimed.lease().workerId());
    }

    @Test
    void unreadableDocumentsAreLeftOutOfListsAndFailedAndOtherProgramsWordsAreListedButNeverClaimed() {
        ObjectId noVideo = new ObjectId();
        ObjectId badStatus = new ObjectId();
        collection.insertOne(new Document("_id", noVideo).append("status", "pending")
                .append("created_at", "2024-01-01T00:00:00"));
        collection.insertOne(new Document("_id", badStatus).append("video_id", new ObjectId())
                .append("status", "queued").append("created_at", "2024-01-01T00:00:01"));
        Job good = aPendingJob().createdAt(T0).build();
        repository.insert(good);

        assertEquals(List.of(good.id().hex(), badStatus.toHexString()),
                repository.list(Optional.empty(), 10).stream().map(job -> job.id().hex()).toList());
        assertEquals(List.of(badStatus.toHexString()), repository.list(Optional.of(JobStatus.of("queued")), 10)
                .stream().map(job -> job.id().hex()).toList());
        assertEquals(good.id(), repository.claimNext("w1", T0.plusSeconds(1), RULES).orElseThrow().id());
        assertEquals("failed", collection.find(new Document("_id", noVideo)).first().get("status"));
        assertEquals("unreadable job document", collection.find(new Document("_id", noVideo)).first().get("error"));
        assertEquals("queued", collection.find(new Document("_id", badStatus)).first().get("status"),
                "a status word we do not know is not ours to claim or change");
    }

    @Test
    void theOriginsStuckJobsAreRecoveredByTheTimeOfTheirLastUpdateInWhateverFormItWasWritten() {
        Instant now = Instant.parse("2026-01-02T04:00:00Z");
        Instant stale = now.minus(RULES.staleAfter()).minusSeconds(1);
        Instant fresh = now.minus(RULES.staleAfter()).plusSeconds(1);
        ObjectId naive = insertForeign(held("processing").append("updated_at", "2026-01-02T03:49:59"));
        ObjectId date = insertForeign(held("claimed").append("updated_at", Date.from(stale)));
        ObjectId createdOnly = insertForeign(held("claimed").append("created_at", "2026-01-02T03:49:59.000000Z"));
        ObjectId idOnly = new ObjectId(Date.from(stale));
        collection.insertOne(held("processing").append("_id", idOnly));
        insertForeign(held("processing").append("updated_at", Date.from(fresh)));
        insertForeign(held("processing").append("updated_at", "2026-01-02T03:50:01.000000Z"));
        ObjectId freshId = new ObjectId(Date.from(fresh));
        collection.insertOne(held("claimed").append("_id", freshId));

        Set<String> recovered = new HashSet<>();
        Optional<Job> next;
        while ((next = repository.claimNext("w1", now, RULES)).isPresent()) {
            assertEquals(1, next.get().attempts(), "the recovery counts as an attempt");
            recovered.add(next.get().id().hex());
        }

        assertEquals(Set.of(naive.toHexString(), date.toHexString(), createdOnly.toHexString(),
                idOnly.toHexString()), recovered);
    }

    @Test
    void givenAJobFinishedByHandThatStillHoldsItsVideo_thenTheVideosNextJobIsClaimedAnyway() {
        Job first = aPendingJob().createdAt(T0).build();
        repository.submit(first);
        collection.updateOne(new Document("_id", new ObjectId(first.id().hex())),
                new Document("$set", new Document("status", "cancelled")));
        Job second = aPendingJob().forVideo(first.videoId()).createdAt(T0.plusSeconds(1)).build();
        repository.insert(second);

        assertEquals(second.id(), repository.claimNext("w1", T0.plusSeconds(2), RULES).orElseThrow().id());
        assertFalse(storedDocument(first.id()).containsKey("active_video_id"));
    }

    @Test
    void aSubmissionFindsAnOpenJobWhoseVideoIdIsAString() {
        ObjectId video = new ObjectId();
        ObjectId foreign = insertForeign(new Document("video_id", video.toHexString()).append("status", "pending")
                .append("created_at", "2026-01-02T03:04:05"));

        JobRepository.Submission submission = repository.submit(aPendingJob()
                .forVideo(VideoId.parse(video.toHexString())).build());

        assertFalse(submission.created());
        assertEquals(foreign.toHexString(), submission.job().id().hex());
    }

    private static Document held(String status) {
        return new Document("video_id", new ObjectId()).append("status", status).append("worker_id", "origin");
    }

    @Test
    void aSecondInsertOfTheSameIdIsRefused() {
        Job job = aPendingJob().build();
        repository.insert(job);

        assertThrows(IllegalStateException.class, () -> repository.insert(job));
    }

    @Test
    void aZeroLimitListsNothing() {
        repository.insert(aPendingJob().build());

        assertEquals(List.of(), repository.list(Optional.empty(), 0));
    }

    private ObjectId insertForeign(Document document) {
        ObjectId id = new ObjectId();
        collection.insertOne(document.append("_id", id));
        return id;
    }

    private Document storedDocument(JobId id) {
        Document stored = collection.find(new Document("_id", new ObjectId(id.hex()))).first();
        assertInstanceOf(Document.class, stored);
        return stored;
    }

    private String createdAt(Job job) {
        return storedDocument(job.id()).getString("created_at");
    }

    private static Set<String> hexes(List<Job> jobs) {
        Set<String> hexes = new HashSet<>();
        jobs.forEach(job -> hexes.add(job.id().hex()));
        return hexes;
    }
}
