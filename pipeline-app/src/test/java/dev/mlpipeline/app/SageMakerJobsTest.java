package dev.mlpipeline.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.mlpipeline.core.domain.BoundingBox;
import dev.mlpipeline.core.domain.Detection;
import dev.mlpipeline.core.domain.QueueRules;
import dev.mlpipeline.core.port.FrameSource;
import dev.mlpipeline.core.port.VideoFrame;
import dev.mlpipeline.http.HttpSettings;
import dev.mlpipeline.sagemaker.FakeSageMakerEndpoint;
import dev.mlpipeline.sagemaker.FakeSageMakerEndpoint.Reply;
import dev.mlpipeline.video.io.JavaCvFrameSource;
import dev.mlpipeline.video.synthetic.SyntheticClip;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole jobs through the app with SageMaker inference, against a local InvokeEndpoint server. */
class SageMakerJobsTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    private FakeSageMakerEndpoint endpoint;
    private Application app;

    @BeforeAll
    static void credentials() {
        // the SDK's default chain reads these first; they only need to be well-formed for signing
        System.setProperty("aws.accessKeyId", "AKIDEXAMPLE");
        System.setProperty("aws.secretAccessKey", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    }

    @AfterAll
    static void forgetCredentials() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        if (endpoint != null) {
            endpoint.close();
        }
    }

    private ServiceClient start(String endpointUrl, Map<String, String> extra) throws Exception {
        Map<String, String> env = new HashMap<>(Map.of("AWS_REGION", "eu-west-1", "SAGEMAKER_ENDPOINT_URL", endpointUrl,
                "SAGEMAKER_CONTROL_URL", endpointUrl));
        if (!extra.containsKey("SAGEMAKER_ENDPOINTS")) {
            env.put("SAGEMAKER_ENDPOINT_NAME", "yolo-v8");
        }
        env.putAll(extra);
        AppConfig config = new AppConfig("127.0.0.1", 0, Optional.empty(), "ml_pipeline", dir.resolve("uploads"),
                dir.resolve("data"), 0, Duration.ofMillis(100), QueueRules.defaults(), true, HttpSettings.ANY_ORIGIN, Optional.empty(),
                WebhookConfig.defaults(),
                StorageConfig.defaults(dir),
                ProcessingConfig.from(new Environment(env)));
        Path clip = dir.resolve("uploads").resolve("street.mp4");
        Files.createDirectories(clip.getParent());
        SyntheticClip.builder().size(320, 240).fps(30).frames(30).movingObjects(1).build().writeTo(clip);
        app = Application.start(config);
        return new ServiceClient(app.port());
    }

    private JsonNode runJob(ServiceClient client) throws Exception {
        return client.awaitFinished(submit(client), WAIT);
    }

    /** A video of the clip and a job for it, through the API; the job's id. */
    private String submit(ServiceClient client) throws Exception {
        ObjectId videoId = new ObjectId();
        try (MongoClient mongo = MongoClients.create(app.mongoUri())) {
            mongo.getDatabase("ml_pipeline").getCollection("videos")
                    .insertOne(new Document("_id", videoId).append("storage_url", "/uploads/street.mp4"));
        }
        return client.post("/jobs", "{\"video_id\": \"" + videoId.toHexString() + "\"}")
                .body().get("job").get("_id").asText();
    }

    @Test
    void twoCarsThatCrossAndASignCountAsThreeObjects() throws Exception {
        // one request at a time, so the n-th request is the n-th sampled frame: the cars drive towards each
        // other 12 px a sample, meet at the 8th and drive on; the sign stands still
        AtomicInteger sample = new AtomicInteger();
        endpoint = FakeSageMakerEndpoint.start("yolo-v8").otherwise(request -> {
            int s = sample.getAndIncrement();
            return Reply.predictions(new Detection("car", 0.9, new BoundingBox(60 + 12 * s, 100, 100 + 12 * s, 140)),
                    new Detection("car", 0.9, new BoundingBox(228 - 12 * s, 100, 268 - 12 * s, 140)),
                    new Detection("sign", 0.8, new BoundingBox(10, 10, 30, 40)));
        });
        ServiceClient client = start(endpoint.url().toString(), Map.of("MAX_IN_FLIGHT", "1"));

        JsonNode job = runJob(client);

        assertEquals("completed", job.get("status").asText(), job.toString());
        JsonNode stats = job.get("result").get("stats");
        assertEquals(10, stats.get("processed_frames").asInt());
        assertEquals(20, stats.get("detection_stats").get("car").asInt());
        assertEquals(2, stats.get("unique_counts").get("car").asInt(), stats.toString());
        assertEquals(1, stats.get("unique_counts").get("sign").asInt(), stats.toString());
    }

    @Test
    void aJobCompletesWithExactlyTheEndpointsDetectionsAboveTheThreshold() throws Exception {
        endpoint = FakeSageMakerEndpoint.start("yolo-v8").otherwise(Reply.predictions(
                new Detection("person", 0.91, new BoundingBox(40, 30, 120, 200)),
                new Detection("car", 0.10, new BoundingBox(150, 100, 300, 200))));
        ServiceClient client = start(endpoint.url().toString(), Map.of());

        JsonNode health = client.get("/health").body();
        assertEquals("sagemaker:yolo-v8 (yolo-v8: InService)",
                health.get("components").get("inference").get("detail").asText());
        JsonNode job = runJob(client);

        assertEquals("completed", job.get("status").asText(), job.toString());
        JsonNode stats = job.get("result").get("stats");
        assertEquals(10, stats.get("processed_frames").asInt());
        assertEquals(10, stats.get("total_detections").asInt());
        assertEquals(10, stats.get("detection_stats").get("person").asInt());
        assertFalse(stats.get("detection_stats").has("car"), "under the threshold: " + stats);
        assertEquals(0, stats.get("failed_frames").asInt());
        assertEquals(10, endpoint.requestCount());
        assertEquals("application/json", endpoint.requests().get(0).contentType());
        assertEquals(List.of(), endpoint.protocolErrors());
        JsonNode detections = new ObjectMapper().readTree(
                dir.resolve(job.get("result").get("detections_url").asText().substring(1)).toFile());
        List<JsonNode> people = new ArrayList<>();
        detections.get("frames").forEach(frame -> frame.get("detections").forEach(people::add));
        assertEquals(10, people.size(), detections.toString());
        for (JsonNode person : people) {
            assertEquals("person", person.get("class_name").asText());
            assertEquals(List.of(40.0, 30.0, 120.0, 200.0), List.of(person.get("bbox").get("x1").asDouble(),
                    person.get("bbox").get("y1").asDouble(), person.get("bbox").get("x2").asDouble(),
                    person.get("bbox").get("y2").asDouble()));
        }
        VideoFrame before = firstFrame(dir.resolve("uploads").resolve("street.mp4"));
        VideoFrame after = firstFrame(dir.resolve(job.get("result").get("annotated_video_url").asText().substring(1)));
        assertTrue(difference(before, after, 80, 31) > 100, "the person's box is drawn along its top edge");
        assertTrue(difference(before, after, 200, 150) < 40, "the car, under the threshold, is not drawn");
    }

    @Test
    void everySampledFrameGoesToEachCategorysEndpointAndOneFailingOrUpdatingDoesNotFailTheJob() throws Exception {
        endpoint = FakeSageMakerEndpoint.start("rr-lighting")
                .otherwise(Reply.json("{\"success\": true, \"detections\": [{\"class_name\": \"street_lamp\","
                        + " \"confidence\": 0.9, \"bbox\": {\"x1\": 10, \"y1\": 10, \"x2\": 30, \"y2\": 60}}]}"))
                .also("rr-pavement", request -> Reply.predictions(
                        new Detection("crack", 0.8, new BoundingBox(100, 180, 200, 220))).after(Duration.ofMillis(100)))
                .also("rr-its", request -> Reply.json("{\"success\": false, \"error\": \"weights not loaded\"}"))
                .also("rr-oia", request -> Reply.predictions())
                .status("rr-oia", "Updating");
        ServiceClient client = start(endpoint.url().toString(), Map.of("SAGEMAKER_ENDPOINTS",
                "lighting=rr-lighting,pavement=rr-pavement,its=rr-its,oia=rr-oia"));

        JsonNode inference = client.get("/health").body().get("components").get("inference");
        assertTrue(inference.get("up").asBoolean(), inference.toString());
        assertTrue(inference.get("detail").asText().contains("oia=rr-oia: Updating"), inference.toString());
        JsonNode job = runJob(client);

        assertEquals("completed", job.get("status").asText(), job.toString());
        JsonNode result = job.get("result");
        List<String> warnings = new ArrayList<>();
        result.get("warnings").forEach(w -> warnings.add(w.asText()));
        assertTrue(warnings.contains("category its (endpoint rr-its) answered none of 10 sampled frames; last error:"
                + " the model reported a failure: weights not loaded"), warnings.toString());
        assertTrue(warnings.contains("category oia (endpoint rr-oia) was left out: endpoint is Updating"),
                warnings.toString());
        JsonNode endpoints = result.get("stats").get("endpoints");
        assertEquals(10, endpoints.get("lighting").get("frames_answered").asInt(), endpoints.toString());
        assertEquals(10, endpoints.get("pavement").get("frames_answered").asInt());
        assertTrue(endpoints.get("pavement").get("latency_ms").get("p95").asDouble() >= 100, endpoints.toString());
        assertEquals(10, endpoints.get("its").get("frames_failed").asInt());
        assertEquals("endpoint is Updating", endpoints.get("oia").get("left_out").asText());
        assertEquals(10, result.get("stats").get("detection_stats").get("crack").asInt());
        assertEquals(0, endpoint.requests().stream().filter(r -> r.path().contains("rr-oia")).count());
        try (MongoClient mongo = MongoClients.create(app.mongoUri())) {
            Document frame = mongo.getDatabase("ml_pipeline").getCollection("frames")
                    .find(new Document("frame_number", 0)).first();
            assertEquals(List.of("lighting", "pavement"),
                    List.copyOf(frame.get("detections_by_category", Document.class).keySet()), frame.toJson());
            List<Document> found = frame.getList("detections", Document.class);
            assertEquals(List.of("lighting", "pavement"), found.stream().map(d -> d.getString("category")).toList());
            assertEquals("crack", frame.get("detections_by_category", Document.class)
                    .getList("pavement", Document.class).get(0).getString("class_name"));
        }
    }

    @Test
    void withCategoryVideosTheVideoListsOneAnnotatedVideoPerCategory() throws Exception {
        endpoint = FakeSageMakerEndpoint.start("rr-lighting")
                .otherwise(Reply.predictions(new Detection("street_lamp", 0.9, new BoundingBox(10, 10, 30, 60))))
                .also("rr-pavement", request -> Reply.predictions(
                        new Detection("crack", 0.8, new BoundingBox(100, 180, 200, 220))));
        ServiceClient client = start(endpoint.url().toString(), Map.of("SAGEMAKER_ENDPOINTS",
                "lighting=rr-lighting,pavement=rr-pavement", "CATEGORY_VIDEOS", "true"));

        JsonNode job = runJob(client);

        assertEquals("completed", job.get("status").asText(), job.toString());
        JsonNode urls = job.get("result").get("category_videos");
        try (MongoClient mongo = MongoClients.create(app.mongoUri())) {
            Document video = mongo.getDatabase("ml_pipeline").getCollection("videos")
                    .find(new Document("_id", new ObjectId(job.get("video_id").asText()))).first();
            Document listed = video.get("category_videos", Document.class);
            assertEquals(List.of("lighting", "pavement"), List.copyOf(listed.keySet()), video.toJson());
            assertEquals(urls.get("lighting").asText(), listed.getString("lighting"));
        }
        for (String category : List.of("lighting", "pavement")) {
            Path file = dir.resolve(urls.get(category).asText().substring(1));
            assertTrue(file.getFileName().toString().endsWith("." + category + ".mp4"), file.toString());
            int frames = 0;
            try (FrameSource.Stream stream = new JavaCvFrameSource().open(file)) {
                while (stream.next().isPresent()) {
                    frames++;
                }
            }
            assertEquals(30, frames, "the whole clip, for " + category);
        }
    }

    @Test
    void aJobWhoseEveryEndpointFailsEveryFrameFails() throws Exception {
        endpoint = FakeSageMakerEndpoint.start("rr-lighting")
                .otherwise(Reply.json("{\"success\": false, \"error\": \"weights not loaded\"}"))
                .also("rr-pavement", request -> Reply.error(400, "ValidationError", "Unable to decode the input image"));
        ServiceClient client = start(endpoint.url().toString(), Map.of("SAGEMAKER_ENDPOINTS",
                "lighting=rr-lighting,pavement=rr-pavement", "SAGEMAKER_MAX_ATTEMPTS", "1"));

        JsonNode job = runJob(client);

        assertEquals("failed", job.get("status").asText(), job.toString());
        assertTrue(job.get("error").asText().contains("lighting: the model reported a failure: weights not loaded"),
                job.toString());
    }

    @Test
    void withNoEndpointInServiceHealthSays503AndNoJobIsClaimed() throws Exception {
        endpoint = FakeSageMakerEndpoint.start("rr-lighting").status("rr-lighting", "Creating");
        ServiceClient client = start(endpoint.url().toString(), Map.of("SAGEMAKER_ENDPOINTS", "lighting=rr-lighting"));

        ServiceClient.Reply health = client.get("/health");
        assertEquals(503, health.status(), health.body().toString());
        assertTrue(health.body().get("components").get("inference").get("detail").asText()
                .contains("no endpoint is in service (lighting=rr-lighting: Creating)"), health.body().toString());
        String jobId = submit(client);
        Thread.sleep(1500);
        assertEquals("pending", client.get("/jobs/" + jobId).body().get("job").get("status").asText());
        assertEquals(0, endpoint.requestCount());
    }

    private static VideoFrame firstFrame(Path file) throws Exception {
        try (FrameSource.Stream frames = new JavaCvFrameSource().open(file)) {
            return frames.next().orElseThrow();
        }
    }

    /** The largest per-channel difference of one pixel between two frames. */
    private static int difference(VideoFrame a, VideoFrame b, int x, int y) {
        int offset = (y * a.width() + x) * 3;
        int most = 0;
        for (int c = 0; c < 3; c++) {
            most = Math.max(most, Math.abs((a.bgr()[offset + c] & 0xff) - (b.bgr()[offset + c] & 0xff)));
        }
        return most;
    }

    @Test
    void anEndpointThatStartsFailingFailsTheJobOnceTooManyFramesFailed() throws Exception {
        endpoint = FakeSageMakerEndpoint.start("yolo-v8")
                .reply(Reply.predictions(new Detection("person", 0.9, new BoundingBox(1, 1, 20, 20))))
                .otherwise(Reply.serviceUnavailable());
        ServiceClient client = start(endpoint.url().toString(), Map.of("SAGEMAKER_MAX_ATTEMPTS", "1"));

        JsonNode job = runJob(client);

        assertEquals("failed", job.get("status").asText());
        String error = job.get("error").asText();
        assertTrue(error.startsWith("inference failed on 5 of 6 sampled frames, more than MAX_FAILED_FRAME_RATIO 10%"),
                error);
        assertTrue(error.contains("HTTP 503"), error);
        assertTrue(Files.notExists(dir.resolve("uploads").resolve("annotated").resolve(job.get("_id").asText())));
    }

    @Test
    void anEndpointThatAlwaysFailsFailsTheJobAfterTheFirstFiveFrames() throws Exception {
        endpoint = FakeSageMakerEndpoint.start("yolo-v8").otherwise(Reply.serviceUnavailable());
        ServiceClient client = start(endpoint.url().toString(), Map.of("SAGEMAKER_MAX_ATTEMPTS", "1"));

        JsonNode job = runJob(client);

        assertEquals("failed", job.get("status").asText());
        assertTrue(job.get("error").asText().startsWith("inference failed on the first 5 sampled frames"),
                job.get("error").asText());
    }

    @Test
    void anUnreachableEndpointFailsTheJobPromptly() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        ServiceClient client = start("http://127.0.0.1:" + closedPort, Map.of());

        long started = System.nanoTime();
        JsonNode job = runJob(client);

        assertEquals("failed", job.get("status").asText());
        assertTrue(job.get("error").asText().startsWith("inference unavailable"), job.get("error").asText());
        assertTrue(System.nanoTime() - started < Duration.ofSeconds(20).toNanos());
    }
}
