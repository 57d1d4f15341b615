package dev.mlpipeline.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.mlpipeline.core.domain.Video;
import dev.mlpipeline.core.service.FileOps;
import dev.mlpipeline.video.synthetic.SyntheticClip;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.bson.Document;
import org.bson.types.ObjectId;

/**
 * {@code demo}: makes a short clip with moving objects in the upload folder, then runs it through the
 * whole service path as the main backend would use it (a video document inserted into the embedded
 * database, {@code POST /jobs}, the queue, the worker, {@code GET /jobs/<id>}), prints what was found and
 * exits. It uses free ports and a data folder of its own unless PORT, EMBEDDED_MONGO_PORT or DATA_DIR
 * are set, so it never collides with a running service.
 */
final class DemoCommand {
    static final String CLIP = "demo_clip.mp4";
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Environment env;

    DemoCommand(Environment env) {
        this.env = env;
    }

    int run() throws IOException, InterruptedException {
        return run(System.out);
    }

    int run(PrintStream out) throws IOException, InterruptedException {
        AppConfig base = AppConfig.from(env);
        boolean ownData = env.get("DATA_DIR").isEmpty();
        Path dataDir = ownData ? Files.createTempDirectory("ml-pipeline-demo-") : base.dataDir();
        AppConfig config = new AppConfig("127.0.0.1",
                env.get("PORT").isPresent() ? base.port() : 0,
                Optional.empty(),
                base.mongoDbName(),
                base.uploadDir(),
                dataDir,
                env.get("EMBEDDED_MONGO_PORT").isPresent() ? base.embeddedMongoPort() : 0,
                Duration.ofMillis(200),
                base.queue(),
                true,
                base.corsOrigins(),
                base.apiToken(),
                base.webhooks(),
                base.storage(),
                base.processing());
        try {
            Files.createDirectories(config.uploadDir());
            Path clip = config.uploadDir().resolve(CLIP);
            out.println("making a 4-second clip with moving objects: " + clip);
            SyntheticClip.builder().size(640, 360).fps(30).frames(120).movingObjects(3).withAudio().build()
                    .writeTo(clip);
            try (Application app = Application.start(config)) {
                return submitAndReport(app, config, out);
            }
        } finally {
            if (ownData) {
                FileOps.deleteTree(dataDir);
            }
        }
    }

    private int submitAndReport(Application app, AppConfig config, PrintStream out)
            throws IOException, InterruptedException {
        ObjectId videoId = new ObjectId();
        try (MongoClient client = MongoClients.create(app.mongoUri())) {
            client.getDatabase(config.mongoDbName()).getCollection("videos").insertOne(new Document("_id", videoId)
                    .append("title", "ml-pipeline demo clip")
                    .append("storage_url", "/uploads/" + CLIP)
                    .append("status", "uploaded")
                    .append("created_at", Instant.now().toString()));
        }
        String base = "http://127.0.0.1:" + app.port();
        HttpClient http = HttpClient.newHttpClient();
        JsonNode created = send(http, HttpRequest.newBuilder(URI.create(base + "/jobs"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"video_id\": \"" + videoId.toHexString() + "\"}")));
        String jobId = created.path("job").path("_id").asText();
        out.println("submitted job " + jobId + " for video " + videoId.toHexString() + " (POST " + base + "/jobs)");
        long deadline = System.nanoTime() + JOB_TIMEOUT.toNanos();
        JsonNode job = created.path("job");
        while (!job.path("status").asText().matches("completed|failed") && System.nanoTime() < deadline) {
            Thread.sleep(200);
            try {
                job = send(http, HttpRequest.newBuilder(URI.create(base + "/jobs/" + jobId)).GET()).path("job");
            } catch (IOException e) {
                // a passing hiccup of the embedded database: ask again until the deadline
                out.println("(retrying: " + e.getMessage() + ")");
            }
        }
        return report(job, config, out);
    }

    private static int report(JsonNode job, AppConfig config, PrintStream out) {
        String status = job.path("status").asText();
        if (!status.equals("completed")) {
            out.println("job " + status + (job.hasNonNull("error") ? ": " + job.get("error").asText() : " (timed out)"));
            return 1;
        }
        JsonNode result = job.path("result");
        JsonNode stats = result.path("stats");
        String url = result.path("annotated_video_url").asText();
        out.println("job completed");
        out.println("annotated video: " + inUploads(config, url) + "  (published as " + url + ")");
        out.println("detections:      " + inUploads(config, result.path("detections_url").asText()));
        out.println(String.format(Locale.ROOT, "frames: %d (%d sent to the detector), %.2f s at %.2f fps, %dx%d",
                stats.path("total_frames").asLong(), stats.path("processed_frames").asLong(),
                stats.path("video_duration").asDouble(), stats.path("fps").asDouble(),
                stats.path("width").asInt(), stats.path("height").asInt()));
        if (stats.path("total_detections").asLong() == 0) {
            out.println("found: nothing");
        }
        stats.path("detection_stats").fields().forEachRemaining(entry ->
                out.println("found: " + entry.getKey() + " x " + entry.getValue().asLong()));
        return 0;
    }

    /** The file behind a {@code /uploads/...} URL. */
    private static Path inUploads(AppConfig config, String url) {
        return config.uploadDir().resolve(url.substring(Video.UPLOADS_PREFIX.length()));
    }

    private static JsonNode send(HttpClient http, HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode body = JSON.readTree(response.body());
        if (response.statusCode() >= 300) {
            throw new IOException("the service answered " + response.statusCode() + ": " + body);
        }
        return body;
    }
}
