package dev.mlpipeline.mongo;

import static dev.mlpipeline.core.testing.Builders.T0;
import static dev.mlpipeline.core.testing.Builders.someStats;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoCollection;
import dev.mlpipeline.core.domain.JobId;
import dev.mlpipeline.core.domain.JobResult;
import dev.mlpipeline.core.domain.LeaseToken;
import dev.mlpipeline.core.domain.ProcessingStats;
import dev.mlpipeline.core.domain.Video;
import dev.mlpipeline.core.domain.VideoId;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The main backend's video documents: read whatever they hold, write only the pipeline's fields. */
class MongoVideoDocumentsTest {
    private static final LeaseToken ATTEMPT = new LeaseToken(JobId.next(T0), "w1", 2);
    @RegisterExtension
    static final MongoTestDatabase MONGO = new MongoTestDatabase();

    private MongoCollection<Document> videos;
    private MongoVideoCatalog catalog;

    @BeforeEach
    void setUp() {
        videos = MONGO.database().getCollection(MongoVideoCatalog.COLLECTION);
        catalog = new MongoVideoCatalog(MONGO.database());
    }

    @Test
    void oddlyTypedFieldsReadAsWellAsTheyCanWithoutFailing() {
        ObjectId id = new ObjectId();
        videos.insertOne(new Document("_id", id)
                .append("storage_url", "/uploads/clip.mp4")
                .append("status", 3)
                .append("progress", 42.7)
                .append("processing_message", List.of("not", "text"))
                .append("annotated_video_url", new Document("url", "/uploads/x.mp4"))
                .append("error_message", null)
                .append("processing_stats", new Document("total_frames", "ninety")
                        .append("detection_stats", new Document("person", "many").append("car", 3))
                        .append("video_duration", 2.5))
                .append("created_at", new Date())
                .append("user_id", new ObjectId()));

        Video video = catalog.find(VideoId.parse(id.toHexString())).orElseThrow();

        assertEquals("/uploads/clip.mp4", video.storageUrl());
        assertEquals("3", video.status());
        assertEquals(42, video.progress());
        assertNull(video.processingMessage());
        assertNull(video.annotatedVideoUrl());
        assertNull(video.errorMessage());
        ProcessingStats stats = video.processingStats();
        assertEquals(0, stats.totalFrames());
        assertEquals(Map.of("person", 0L, "car", 3L), stats.detectionStats());
        assertEquals(2.5, stats.videoDuration());
    }

    @Test
    void aVideoWithNothingButItsIdIsFound() {
        ObjectId id = new ObjectId();
        videos.insertOne(new Document("_id", id).append("processing_stats", "none yet"));

        assertEquals(Video.uploaded(VideoId.parse(id.toHexString()), null),
                catalog.find(VideoId.parse(id.toHexString())).orElseThrow());
    }

    @Test
    void completionWritesTheContractFieldsAndLeavesTheBackendsOwnAlone() {
        ObjectId id = new ObjectId();
        Date uploadedAt = new Date(1_700_000_000_000L);
        videos.insertOne(new Document("_id", id).append("storage_url", "/uploads/clip.mp4")
                .append("title", "A clip").append("uploaded_at", uploadedAt).append("file_size", 1_234L)
                .append("duration", 12));
        VideoId videoId = VideoId.parse(id.toHexString());

        assertTrue(catalog.markProcessing(videoId, null, ATTEMPT, "Starting", T0));
        assertTrue(catalog.markCompleted(videoId, ATTEMPT, new JobResult("/uploads/annotated_clip.mp4", someStats(),
                "/uploads/annotated_clip.detections.json"), T0.plusSeconds(5)));

        Document stored = videos.find(new Document("_id", id)).first();
        assertEquals("completed", stored.get("status"));
        assertEquals(100, stored.get("progress"));
        assertEquals("Completed", stored.get("processing_message"));
        assertEquals("/uploads/annotated_clip.mp4", stored.get("annotated_video_url"));
        assertEquals("2026-01-02T03:04:10.123456Z", stored.get("updated_at"));
        Document stats = stored.get("processing_stats", Document.class);
        assertEquals(List.of("total_frames", "processed_frames", "detection_stats", "total_detections",
                "video_duration", "output_path", "fps", "width", "height", "failed_frames", "stage_seconds",
                "unique_counts"),
                List.copyOf(stats.keySet()));
        assertEquals(90, stats.get("total_frames"), "an int32, as the origin's pymongo writes it");
        assertInstanceOf(Integer.class, stats.get("detection_stats", Document.class).get("person"));
        assertEquals(1_234L, stored.get("file_size"), "the backend's int64 stays an int64");
        assertEquals(12, stored.get("duration"), "and its int32 an int32");
        assertEquals(15, stored.get("total_detections"), "the summary the front-end reads, int32 as pymongo writes");
        assertEquals(new Document("person", 12).append("car", 3).entrySet(),
                stored.get("detections_summary", Document.class).entrySet());
        assertEquals(new Document(), stored.get("unique_counts"));
        assertEquals(30, stored.get("processed_frames"));
        assertEquals(3.0, stored.get("duration_seconds"));
        assertEquals("/uploads/annotated_clip.detections.json", stored.get("frame_metadata_url"));
        assertFalse(stored.containsKey("eta"), "no time left once completed");
        assertEquals("A clip", stored.get("title"));
        assertEquals(uploadedAt, stored.get("uploaded_at"));
        assertEquals(new ObjectId(ATTEMPT.jobId().hex()), stored.get("pipeline_job_id"));
        assertEquals(2, stored.get("pipeline_attempt"));
        assertEquals("w1", stored.get("pipeline_worker_id"));
    }

    @Test
    void aThumbnailIsGivenOnlyToAVideoThatHasNone() {
        ObjectId bare = new ObjectId();
        ObjectId withOne = new ObjectId();
        videos.insertOne(new Document("_id", bare).append("storage_url", "/uploads/a.mp4"));
        videos.insertOne(new Document("_id", withOne).append("storage_url", "/uploads/b.mp4")
                .append("thumbnail_url", "/uploads/thumbs/b.jpg"));
        for (ObjectId id : List.of(bare, withOne)) {
            VideoId videoId = VideoId.parse(id.toHexString());
            catalog.markProcessing(videoId, null, ATTEMPT, "Starting", T0);
            catalog.markCompleted(videoId, ATTEMPT, new JobResult("/uploads/v.mp4", someStats(), null, List.of(), null,
                    "/uploads/annotated/x/frames/thumbnail.jpg"), T0);
        }

        assertEquals("/uploads/annotated/x/frames/thumbnail.jpg",
                videos.find(new Document("_id", bare)).first().get("thumbnail_url"));
        assertEquals("/uploads/thumbs/b.jpg", videos.find(new Document("_id", withOne)).first().get("thumbnail_url"));
    }

    @Test
    void progressCarriesTheTimeLeftAsTheFrontEndShowsIt() {
        ObjectId id = new ObjectId();
        videos.insertOne(new Document("_id", id).append("storage_url", "/uploads/clip.mp4"));
        VideoId videoId = VideoId.parse(id.toHexString());
        catalog.markProcessing(videoId, null, ATTEMPT, "Starting", T0);

        catalog.updateProgress(videoId, ATTEMPT, 40, "Processing frame 40/100", Duration.ofSeconds(80), T0);
        Document during = videos.find(new Document("_id", id)).first();
        catalog.updateProgress(videoId, ATTEMPT, 41, "Processing frame 41/100", null, T0);
        Document unknown = videos.find(new Document("_id", id)).first();

        assertEquals("1m 20s", during.get("eta"));
        assertEquals(80, during.get("eta_seconds"));
        assertFalse(unknown.containsKey("eta"), "a time left that cannot be told is not shown");
    }

    @Test
    void anErrorKeepsTheProgressAndRecordsTheMessageTwice() {
        ObjectId id = new ObjectId();
        videos.insertOne(new Document("_id", id).append("storage_url", "/uploads/clip.mp4"));
        VideoId videoId = VideoId.parse(id.toHexString());
        catalog.markProcessing(videoId, null, ATTEMPT, "Starting", T0);
        catalog.updateProgress(videoId, ATTEMPT, 30, "Processing frame 30/100", null, T0);

        catalog.markError(videoId, ATTEMPT, "the file is not a video", T0.plusSeconds(1));

        Document stored = videos.find(new Document("_id", id)).first();
        assertEquals("error", stored.get("status"));
        assertEquals(30, stored.get("progress"));
        assertEquals("the file is not a video", stored.get("processing_message"));
        assertEquals("the file is not a video", stored.get("error_message"));
    }

    @Test
    void anAttemptRecordedOnlyInPartCountsAsNoneAndIsNotListed() {
        ObjectId id = new ObjectId();
        // a hand edit left the job id but no attempt or worker
        videos.insertOne(new Document("_id", id).append("storage_url", "/uploads/clip.mp4")
                .append("status", "processing").append("pipeline_job_id", new ObjectId()));
        VideoId videoId = VideoId.parse(id.toHexString());

        assertNull(catalog.find(videoId).orElseThrow().pipelineLease());
        assertEquals(List.of(), catalog.listProcessing(10));
        assertTrue(catalog.markProcessing(videoId, null, ATTEMPT, "Starting", T0), "a new attempt takes the video");
        assertEquals(ATTEMPT, catalog.find(videoId).orElseThrow().pipelineLease());
        assertEquals(List.of(videoId), catalog.listProcessing(10).stream().map(Video::id).toList());
    }
}
