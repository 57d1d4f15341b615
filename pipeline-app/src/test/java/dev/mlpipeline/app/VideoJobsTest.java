package dev.mlpipeline.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.mlpipeline.core.domain.QueueRules;
import dev.mlpipeline.http.HttpSettings;
import dev.mlpipeline.core.port.FrameSource;
import dev.mlpipeline.core.port.VideoInfo;
import dev.mlpipeline.video.io.JavaCvFrameSource;
import dev.mlpipeline.video.synthetic.SyntheticClip;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
                dir.resolve("data"), 0, Duration.ofMillis(100), QueueRules.defaults(), true, HttpSettings.ANY_ORIGIN, Optional.empty(),
                WebhookConfig.defaults(),
                StorageConfig.defaults(dir),
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
                "video_duration", "output_path", "fps", "width", "height", "failed_frames", "stage_seconds",
                "unique_counts"}) {
            assertTrue(stats.has(key), "stats lacks " + key + ": " + stats);
        }
        assertEquals(60, stats.get("total_frames").asInt());
        assertEquals(20, stats.get("processed_frames").asInt());
        assertTrue(stats.get("detection_stats").get("moving_object").asInt() > 0, stats.toString());
        int objects = stats.get("unique_counts").get("moving_object").asInt();
        assertTrue(objects >= 1 && objects < stats.get("detection_stats").get("moving_object").asInt(),
                "two moving objects, tracked, count as a few objects rather than once per sample: " + stats);
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
    void metricsCountTheQueueTheFramesAndTheJobsDurationInPrometheusText() throws Exception {
        Path clip = dir.resolve("uploads").resolve("counted.mp4");
        Files.createDirectories(clip.getParent());
        SyntheticClip.builder().size(320, 240).fps(30).frames(45).movingObjects(1).build().writeTo(clip);
        double decodedBefore = metric(scrape().body(), "ml_pipeline_frames_total{kind=\"decoded\"}");

        assertEquals("completed", runJob(insertVideo("/uploads/counted.mp4")).get("status").asText());

        HttpResponse<String> reply = scrape();
        assertEquals(200, reply.statusCode());
        String type = reply.headers().firstValue("Content-Type").orElse("");
        assertTrue(type.startsWith("text/plain"), type);
        String text = reply.body();
        assertEquals(45, metric(text, "ml_pipeline_frames_total{kind=\"decoded\"}") - decodedBefore, 0.0, text);
        assertTrue(metric(text, "ml_pipeline_jobs{status=\"completed\"}") >= 1, text);
        assertEquals(0, metric(text, "ml_pipeline_queue_depth"), 0.0, text);
        assertTrue(metric(text, "ml_pipeline_job_duration_seconds_count{outcome=\"completed\"}") >= 1, text);
        assertTrue(metric(text, "jvm_memory_used_bytes{area=\"heap\",id=\"G1 Eden Space\"}") >= 0, text);
    }

    private static HttpResponse<String> scrape() throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port()
                + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The value of the sample named exactly {@code name} (labels included), 0 when there is none yet. */
    private static double metric(String text, String name) {
        return text.lines().filter(line -> line.startsWith(name + " ")).findFirst()
                .map(line -> Double.parseDouble(line.substring(name.length() + 1).trim())).orElse(0.0);
    }

    @Test
    void aSurveyVideoGetsOneFrameRecordPerSampledFramePlacedOnItsTrackByTime() throws Exception {
        Path uploads = Files.createDirectories(dir.resolve("uploads"));
        SyntheticClip.builder().size(320, 240).fps(30).frames(30).movingObjects(1).build()
                .writeTo(uploads.resolve("survey.mp4"));
        // the vehicle waits 10 s where the track starts, then drives north 0.001 degrees a second
        Files.writeString(uploads.resolve("survey.gpx"), """
                <gpx version="1.0" creator="ExifTool"><trk><trkseg>
                <trkpt lat="25.000" lon="51.0" timestamp="2025:03:14 07:21:00Z"></trkpt>
                <trkpt lat="25.000" lon="51.0" timestamp="2025:03:14 07:21:10Z"></trkpt>
                <trkpt lat="25.001" lon="51.0" timestamp="2025:03:14 07:21:11Z"></trkpt>
                </trkseg></trk></gpx>
                """);
        ObjectId videoId = new ObjectId();
        try (MongoClient mongo = MongoClients.create(app.mongoUri())) {
            mongo.getDatabase("ml_pipeline").getCollection("videos").insertOne(new Document("_id", videoId)
                    .append("storage_url", "/uploads/survey.mp4").append("status", "uploaded")
                    .append("survey_id", "65a1b2c3d4e5f60718293a00").append("route_id", 7)
                    .append("gpx_file_url", "/uploads/survey.gpx"));
        }

        JsonNode job = runJob(videoId);

        assertEquals("completed", job.get("status").asText(), job.toString());
        assertEquals(0, job.get("result").get("warnings").size(), job.toString());
        List<Document> frames;
        try (MongoClient mongo = MongoClients.create(app.mongoUri())) {
            frames = mongo.getDatabase("ml_pipeline").getCollection("frames")
                    .find(new Document("video_id", videoId.toHexString())).sort(new Document("frame_number", 1))
                    .into(new ArrayList<>());
        }
        assertEquals(10, frames.size(), "every 3rd of 30 frames, with or without detections");
        Document first = frames.get(0);
        assertEquals("65a1b2c3d4e5f60718293a00", first.get("survey_id"));
        assertEquals(7, first.get("route_id"));
        assertEquals(0, first.get("frame_number"));
        assertEquals(new Document("type", "Point").append("coordinates", List.of(51.0, 25.0)), first.get("location"),
                "without a creation time the video starts at the track's start, where the vehicle waits");
        Document last = frames.get(9);
        assertEquals(27, last.get("frame_number"));
        assertEquals(0.9, last.getDouble("timestamp"), 1e-9);
        assertEquals(25.0, last.get("location", Document.class).getList("coordinates", Double.class).get(1), 1e-9);
        assertTrue(frames.stream().mapToInt(f -> f.getInteger("detections_count")).sum() > 0);
        for (Document frame : frames) {
            // SAVE_FRAMES=detections by default: an image for each frame with detections, and only those
            boolean found = frame.getInteger("detections_count") > 0;
            assertEquals(found, frame.containsKey("frame_path"), frame.toJson());
            if (found) {
                Path image = dir.resolve(frame.getString("frame_path").substring(1));
                assertTrue(Files.size(image) > 0, image.toString());
                assertTrue(image.getFileName().toString().matches("frame_\\d{6}_\\d+\\.\\d{2}s\\.jpg"),
                        image.toString());
            }
        }

        // the map layer: the file the job published and the API's answer, made from the frames collection, agree
        String objectsUrl = job.get("result").get("objects_geojson_url").asText();
        JsonNode published = new ObjectMapper().readTree(dir.resolve(objectsUrl.substring(1)).toFile());
        ServiceClient.Reply served = client.get("/videos/" + videoId.toHexString() + "/objects.geojson");
        assertEquals(200, served.status());
        assertTrue(published.get("features").size() >= 1, published.toString());
        assertEquals(published, served.body());
        assertEquals(objectsUrl, video(videoId).getString("objects_geojson_url"));
        String thumbnail = video(videoId).getString("thumbnail_url");
        assertEquals(job.get("result").get("thumbnail_url").asText(), thumbnail);
        assertTrue(Files.size(dir.resolve(thumbnail.substring(1))) > 0, thumbnail);
        ServiceClient.Reply page = client.get("/videos/" + videoId.toHexString() + "/frames?limit=3&offset=9");
        assertEquals(10, page.body().get("total").asInt());
        assertEquals(27, page.body().get("items").get(0).get("frame_number").asInt());
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
