package dev.mlpipeline.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.bson.types.ObjectId;

/**
 * Launches the service as an operator does (its own JVM, embedded database, default settings), times
 * how long until {@code /health} answers 200, then creates a job through {@code POST /jobs} and reads
 * how long until the worker claimed it (the job's own {@code claimed_at} against its {@code created_at},
 * both from the service's clock).
 */
final class StartupBenchmark {
    private static final Duration GIVE_UP = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Seconds from launch to the first 200 from {@code /health}, and milliseconds from creation to claim. */
    record Result(double healthSeconds, double claimMillis, double observedClaimMillis) {
    }

    /** A launch with {@code jvmOptions} (none: the plain {@code java} command); {@code name} names its folder. */
    Result run(Path clip, Path dir, String name, List<String> jvmOptions) throws IOException, InterruptedException {
        Path work = Files.createDirectories(dir.resolve("startup-" + name));
        Path uploads = Files.createDirectories(work.resolve("uploads"));
        Files.copy(clip, uploads.resolve("clip.mp4"));
        int port = freePort();
        int mongoPort = freePort();
        long launched = System.nanoTime();
        Process service = ChildJvm.start(work, "service", Map.of("HOST", "127.0.0.1",
                "PORT", String.valueOf(port), "EMBEDDED_MONGO_PORT", String.valueOf(mongoPort),
                "DATA_DIR", work.resolve("data").toString(), "UPLOAD_DIR", uploads.toString()), jvmOptions, "serve");
        try {
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + port;
            awaitHealthy(http, base, service, work);
            double healthSeconds = (System.nanoTime() - launched) / 1e9;
            ObjectId video = new ObjectId();
            try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + mongoPort)) {
                client.getDatabase("ml_pipeline").getCollection("videos").insertOne(new Document("_id", video)
                        .append("storage_url", "/uploads/clip.mp4").append("status", "uploaded"));
            }
            long posted = System.nanoTime();
            JsonNode job = send(http, HttpRequest.newBuilder(URI.create(base + "/jobs"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"video_id\": \"" + video.toHexString() + "\"}")))
                    .path("job");
            String id = job.path("_id").asText();
            while (!job.hasNonNull("claimed_at") && job.path("status").asText().equals("pending")) {
                if (System.nanoTime() - posted > GIVE_UP.toNanos()) {
                    throw new IOException("the job was not claimed within " + GIVE_UP.toSeconds() + " s");
                }
                Thread.sleep(2);
                job = send(http, HttpRequest.newBuilder(URI.create(base + "/jobs/" + id)).GET()).path("job");
            }
            double observed = (System.nanoTime() - posted) / 1e6;
            double claim = job.hasNonNull("claimed_at") ? Duration.between(Instant.parse(job.get("created_at").asText()),
                    Instant.parse(job.get("claimed_at").asText())).toNanos() / 1e6 : observed;
            return new Result(healthSeconds, claim, observed);
        } finally {
            service.destroy();
            if (!service.waitFor(20, TimeUnit.SECONDS)) {
                service.destroyForcibly();
            }
        }
    }

    private static void awaitHealthy(HttpClient http, String base, Process service, Path work)
            throws IOException, InterruptedException {
        HttpRequest health = HttpRequest.newBuilder(URI.create(base + "/health")).timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + GIVE_UP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!service.isAlive()) {
                throw new IOException("the service exited at start: " + Files.readString(ChildJvm.log(work, "service")));
            }
            try {
                if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (ConnectException notYet) {
                // not listening yet
            }
            Thread.sleep(10);
        }
        throw new IOException("/health did not answer 200 within " + GIVE_UP.toSeconds() + " s");
    }

    private static JsonNode send(HttpClient http, HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IOException("the service answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
