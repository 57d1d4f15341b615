package dev.mlpipeline.mongo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import dev.mlpipeline.core.domain.BoundingBox;
import dev.mlpipeline.core.domain.Detection;
import dev.mlpipeline.core.domain.FrameRecord;
import dev.mlpipeline.core.domain.JobId;
import dev.mlpipeline.core.domain.LeaseToken;
import dev.mlpipeline.core.domain.Position;
import dev.mlpipeline.core.domain.Survey;
import dev.mlpipeline.core.domain.VideoId;
import dev.mlpipeline.core.port.DetectionsSink;
import dev.mlpipeline.core.port.FrameQueries;
import dev.mlpipeline.core.port.DetectionsSink.Header;
import dev.mlpipeline.core.port.DetectionsSink.Summary;
import dev.mlpipeline.core.testing.FakeClock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MongoFrameRecordsTest {
    @RegisterExtension
    static final MongoTestDatabase MONGO = new MongoTestDatabase();

    private static final VideoId VIDEO = VideoId.parse("65a1b2c3d4e5f60718293a4b");
    private static final JobId JOB = JobId.parse("65a1b2c3d4e5f60718293aff");
    private static final Survey SURVEY = new Survey("65a1b2c3d4e5f60718293a00", 7, "/uploads/a.gpx");
    private static final Detection POTHOLE = new Detection("pothole", 0.8, new BoundingBox(1, 2, 30, 40));

    private final FakeClock clock = new FakeClock();
    private MongoCollection<Document> collection;

    @BeforeEach
    void indexes() {
        collection = MONGO.database().getCollection(MongoFrameRecords.COLLECTION);
        new MongoFrameRecords(MONGO.database(), clock, true).ensureIndexes();
    }

    private static Header header(int attempt) {
        return new Header("a.mp4", 30, 640, 360, 3, 0.25, VIDEO, new LeaseToken(JOB, "w" + attempt, attempt), SURVEY);
    }

    private static FrameRecord frame(long number, Detection... detections) {
        return new FrameRecord(number, number * 1_000_000 / 30, List.of(detections), null, null);
    }

    private void run(MongoFrameRecords sink, int attempt, long... numbers) {
        try (DetectionsSink.Record record = sink.open(null, header(attempt))) {
            for (long number : numbers) {
                record.frame(frame(number, POTHOLE));
            }
            record.commit(new Summary(numbers.length, 0, numbers.length, Map.of("pothole", (long) numbers.length)));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private List<Document> stored() {
        return collection.find().sort(new Document("frame_number", 1)).into(new java.util.ArrayList<>());
    }

    @Test
    void writesOneDocumentPerSampledFrameInTheShapeTheMainBackendReads() throws Exception {
        Position here = new Position(25.5, 51.25, 12.5, Instant.parse("2025-03-14T07:21:05Z"), false);
        try (DetectionsSink.Record record = new MongoFrameRecords(MONGO.database(), clock, true).open(null, header(1))) {
            record.frame(new FrameRecord(3, 100_000, List.of(POTHOLE.onTrack(4)), null, here));
            record.frame(new FrameRecord(6, 200_000, List.of(), "endpoint said no", null));
            record.commit(new Summary(2, 1, 1, Map.of("pothole", 1L)));
        }

        List<Document> frames = stored();
        assertEquals(2, frames.size());
        Document first = frames.get(0);
        assertEquals("65a1b2c3d4e5f60718293a4b", first.get("video_id"), "the video's id as a string");
        assertEquals("65a1b2c3d4e5f60718293a00", first.get("survey_id"));
        assertEquals(7, first.get("route_id"));
        assertEquals(3, first.get("frame_number"));
        assertInstanceOf(Integer.class, first.get("frame_number"));
        assertEquals(0.1, first.getDouble("timestamp"), 1e-9);
        assertEquals(1, first.get("detections_count"));
        Document detection = first.getList("detections", Document.class).get(0);
        assertEquals("pothole", detection.get("class_name"));
        assertEquals(4, detection.get("track_id"));
        assertEquals(new Document("x1", 1.0).append("y1", 2.0).append("x2", 30.0).append("y2", 40.0),
                detection.get("bbox"));
        assertEquals(new Document("type", "Point").append("coordinates", List.of(51.25, 25.5)), first.get("location"));
        assertEquals(12.5, first.get("altitude"));
        assertEquals("2025-03-14T07:21:05.000000Z", first.get("gpx_timestamp"));
        assertTrue(first.getString("created_at").endsWith("Z"));
        Document failed = frames.get(1);
        assertEquals("endpoint said no", failed.get("error"));
        assertEquals(0, failed.get("detections_count"));
        assertFalse(failed.containsKey("location"));
    }

    @Test
    void framesGoInBatchesBeforeTheCommit() throws Exception {
        try (DetectionsSink.Record record = new MongoFrameRecords(MONGO.database(), clock, true, 2)
                .open(null, header(1))) {
            record.frame(frame(0, POTHOLE));
            assertEquals(0, collection.countDocuments(), "one frame is not a batch");
            record.frame(frame(3, POTHOLE));
            assertEquals(2, collection.countDocuments(), "a batch of two, in one round trip");
            record.commit(new Summary(2, 0, 2, Map.of()));
        }
    }

    @Test
    void aRetryReplacesTheVideosFramesAndNeverDoublesOne() {
        MongoFrameRecords sink = new MongoFrameRecords(MONGO.database(), clock, true);
        run(sink, 1, 0, 3, 6);

        run(sink, 2, 0, 3);

        List<Document> frames = stored();
        assertEquals(List.of(0, 3), frames.stream().map(f -> f.get("frame_number")).toList(),
                "frame 6 of the first attempt is gone: the second did not sample it");
        assertTrue(frames.stream().allMatch(f -> f.getInteger("pipeline_attempt") == 2));
    }

    @Test
    void aLateEarlierAttemptNeverReplacesWhatTheCurrentOneWroteAndLeavesNothingBehind() throws Exception {
        MongoFrameRecords sink = new MongoFrameRecords(MONGO.database(), clock, true, 1);
        DetectionsSink.Record late = sink.open(null, header(1));
        run(sink, 2, 0, 3);

        late.frame(frame(0));
        late.frame(frame(3));
        late.close(); // its outcome is refused: it never commits

        List<Document> frames = stored();
        assertEquals(2, frames.size());
        assertTrue(frames.stream().allMatch(f -> f.getInteger("pipeline_attempt") == 2), frames.toString());
        assertTrue(frames.stream().allMatch(f -> f.getInteger("detections_count") == 1));
    }

    @Test
    void twoDocumentsForOneFrameAreRefusedByTheUniqueIndex() {
        run(new MongoFrameRecords(MONGO.database(), clock, true), 1, 0);

        assertThrows(MongoWriteException.class, () -> collection.insertOne(
                new Document("video_id", VIDEO.hex()).append("frame_number", 0)));
    }

    @Test
    void framesWithoutDetectionsAreLeftOutWhenConfiguredSo() throws Exception {
        try (DetectionsSink.Record record = new MongoFrameRecords(MONGO.database(), clock, false).open(null, header(1))) {
            record.frame(frame(0));
            record.frame(frame(3, POTHOLE));
            record.frame(new FrameRecord(6, 200_000, List.of(), "timed out", null));
            record.commit(new Summary(3, 1, 1, Map.of()));
        }

        assertEquals(List.of(3, 6), stored().stream().map(f -> f.get("frame_number")).toList(),
                "a failed frame is kept: it says something");
    }

    @Test
    void aRunOutsideAJobWritesNothing() throws Exception {
        try (DetectionsSink.Record record = new MongoFrameRecords(MONGO.database(), clock, true)
                .open(null, new Header("a.mp4", 30, 640, 360, 3, 0.25))) {
            record.frame(frame(0, POTHOLE));
            record.commit(new Summary(1, 0, 1, Map.of()));
        }

        assertEquals(0, collection.countDocuments());
    }

    @Test
    void pagesAVideosFramesInFrameOrderAsStoredWithTheirTotal() throws Exception {
        MongoFrameRecords sink = new MongoFrameRecords(MONGO.database(), clock, true);
        try (DetectionsSink.Record record = sink.open(null, header(1))) {
            for (int number = 0; number < 10; number++) {
                record.frame(number % 2 == 0 ? frame(number * 3L, POTHOLE) : frame(number * 3L));
            }
            record.commit(new Summary(10, 0, 5, Map.of("pothole", 5L)));
        }

        FrameQueries.Page all = sink.page(VIDEO, false, 4, 2);
        FrameQueries.Page withDetections = sink.page(VIDEO, true, 100, 0);

        assertEquals(10, all.total());
        assertEquals(List.of(6, 9, 12, 15), all.items().stream().map(item -> item.get("frame_number")).toList());
        assertEquals(VIDEO.hex(), all.items().get(0).get("video_id"));
        assertEquals(5, withDetections.total());
        assertEquals(0, sink.page(VideoId.parse("65a1b2c3d4e5f60718293a4c"), false, 10, 0).total());
    }

    @Test
    void readsBackTheRecordsWithDetectionsForTheMap() throws Exception {
        Position here = new Position(25.5, 51.25, 12.5, Instant.parse("2025-03-14T07:21:05Z"), true);
        MongoFrameRecords sink = new MongoFrameRecords(MONGO.database(), clock, true);
        try (DetectionsSink.Record record = sink.open(null, header(1))) {
            record.frame(new FrameRecord(3, 100_000, List.of(POTHOLE.onTrack(4)), null, here));
            record.frame(frame(6));
            record.commit(new Summary(2, 0, 1, Map.of()));
        }

        List<FrameQueries.Located> read = sink.withDetections(VIDEO);

        assertEquals(List.of(new FrameQueries.Located(new FrameRecord(3, 100_000, List.of(POTHOLE.onTrack(4)), null,
                here), null)), read);
    }
}
