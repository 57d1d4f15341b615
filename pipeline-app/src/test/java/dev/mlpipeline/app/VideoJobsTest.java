package dev.mlpipeline.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.mlpipeline.core.domain.QueueRules;
import dev.mlpipeline.http.HttpSettings;
import dev.mlpipeline.core.port.FrameSource;
import dev.mlpipeline.core.port.VideoInfo;
import dev.mlpipeline.video.io.JavaCvFrameSource;
import dev.mlpipeline.video.synthetic.SyntheticClip;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Jobs through the running service with the real video adapters and the default (motion) detector. */
class VideoJobsTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path dir;
    private static Application app;
    private static ServiceClient client;

    @BeforeAll
    static void start() throws IOException {
        AppConfig config = new AppConfig("127.0.0.1", 0, Optional.empty(), "ml_pipeline", dir.resolve("uploads"),
                dir.resolve("data"), 0, Duration.ofMillis(100), QueueRules.defaults(), true, HttpSettings.ANY_ORIGIN,
                ProcessingConfig.from(new Environment(Map.of())));
        app = Application.start(config);
        client = new ServiceClient(app.port());
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    private static ObjectId insertVideo(String storageUrl) {
        ObjectId id = new ObjectId();
        try (MongoClient mongo = MongoClients.create(app.mongoUri())) {
            mongo.getDatabase("ml_pipeline").getCollection("videos")
                    .insertOne(new Document("_id", id).append("storage_url", storageUrl).append("status", "uploaded"));
        }
        return id;
    }

    private static Document video(ObjectId id) {
        try (MongoClient mongo = MongoClients.create(app.mongoUri())) {
            return mongo.getDatabase("ml_pipeline").getCollection("videos").find(new Document("_id", id)).first();
        }
    }

    private static JsonNode runJob(ObjectId videoId) throws Exception {
        ServiceClient.Reply created = client.post("/jobs", "{\"video_id\": \"" + videoId.toHexString() + "\"}");
        assertEquals(201, created.status(), created.body().toString());
        String jobId = created.body().get("job").get("_id").asText();
        return client.awaitFinished(jobId, WAIT);
    }

    @Test
    void aClipWithAMovingObjectCompletesWithTheOriginsResultFieldsAndItsAudio() throws Exception {
        Path clip = dir.resolve("uploads").resolve("street.mp4");
        Files.createDirectories(clip.getParent());
        SyntheticClip.builder().size(320, 240).fps(30).frames(60).movingObjects(2).withAudio().build().writeTo(clip);
        ObjectId videoId = insertVideo("/uploads/street.mp4");

        JsonNode job = runJob(videoId);

        assertEquals("completed", job.get("status").asText(), job.toString());
        assertEquals(100, job.get("progress").asInt());
        JsonNode result = job.get("result");
        String url = result.get("annotated_video_url").asText();
        assertTrue(url.matches("/uploads/annotated/" + job.get("_id").asText() + "/1-[^/]+/annotated_street\\.mp4"),
                url);
        JsonNode stats = result.get("stats");
        for (String key : new String[] {"total_frames", "processed_frames", "detection_stats", "total_detections",
                "video_duration", "output_path", "fps", "width", "height", "failed_frames", "stage_seconds"}) {
            assertTrue(stats.has(key), "stats lacks " + key + ": " + stats);
        }
        assertEquals(60, stats.get("total_frames").asInt());
        assertEquals(20, stats.get("processed_frames").asInt());
        assertTrue(stats.get("detection_stats").get("moving_object").asInt() > 0, stats.toString());
        Path output = dir.resolve(url.substring(1));
        assertEquals(output.toString(), stats.get("output_path").asText());
        try (FrameSource.Stream annotated = new JavaCvFrameSource().open(output)) {
            VideoInfo info = annotated.info();
            assertTrue(info.hasAudio(), "the audio track is copied");
            assertEquals(320, info.width());
            long frames = 0;
            while (annotated.next().isPresent()) {
                frames++;
            }
            assertEquals(60, frames);
        }
        assertTrue(Files.isRegularFile(dir.resolve(result.get("detections_url").asText().substring(1))));
        Document video = video(videoId);
        assertEquals("completed", video.getString("status"));
        assertEquals(100, video.getInteger("progress"));
        assertEquals(url, video.getString("annotated_video_url"));
        assertEquals(60, ((Number) video.get("processing_stats", Document.class).get("total_frames")).intValue());
    }

    @Test
    void aCorruptFileFailsTheJobAndMarksTheVideo() throws Exception {
        Files.createDirectories(dir.resolve("uploads"));
        Files.writeString(dir.resolve("uploads").resolve("notes.mp4"), "this is not a video");
        ObjectId videoId = insertVideo("/uploads/notes.mp4");

        JsonNode job = runJob(videoId);

        assertEquals("failed", job.get("status").asText());
        assertTrue(job.get("error").asText().startsWith("notes.mp4 is not a readable video"), job.get("error").asText());
        assertEquals("error", video(videoId).getString("status"));
        assertTrue(Files.notExists(dir.resolve("uploads").resolve("annotated").resolve(job.get("_id").asText())),
                "the failed attempt leaves no output");
    }

    @Test
    void aStorageUrlOutsideTheUploadFolderFailsTheJob() throws Exception {
        ObjectId videoId = insertVideo("/uploads/../data/ml-pipeline.mv.db");

        JsonNode job = runJob(videoId);

        assertEquals("failed", job.get("status").asText());
        assertTrue(job.get("error").asText().contains("outside UPLOAD_DIR"), job.get("error").asText());
        assertEquals("error", video(videoId).getString("status"));
    }
}
