package dev.mlpipeline.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import dev.mlpipeline.core.domain.QueueRules;
import dev.mlpipeline.http.HttpSettings;
import dev.mlpipeline.core.testing.Await;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole service in-process: embedded database, queue, worker and HTTP API. */
class ApplicationTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    private Application app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    private AppConfig config(Optional<String> mongoUri) {
        return new AppConfig("127.0.0.1", 0, mongoUri, "ml_pipeline", dir.resolve("uploads"), dir.resolve("data"), 0,
                Duration.ofMillis(200), QueueRules.defaults(), true, HttpSettings.ANY_ORIGIN, Optional.empty(),
                WebhookConfig.defaults(),
                StorageConfig.defaults(dir),
                ProcessingConfig.from(new Environment(Map.of())));
    }

    private Application startEmbedded() throws IOException {
        app = Application.start(config(Optional.empty()));
        return app;
    }

    /** Plays the main backend: writes straight into the database with an ordinary MongoDB client. */
    private static <T> T withDatabase(String uri, java.util.function.Function<MongoDatabase, T> action) {
        try (MongoClient client = MongoClients.create(uri)) {
            return action.apply(client.getDatabase("ml_pipeline"));
        }
    }

    private static ObjectId insertVideo(String uri) {
        ObjectId id = new ObjectId();
        withDatabase(uri, db -> db.getCollection("videos").insertOne(
                new Document("_id", id).append("storage_url", "/uploads/sample.mp4").append("status", "uploaded")));
        return id;
    }

    @Test
    void startsItsEmbeddedDatabaseWithoutAMongoUriAndReportsHealthy() throws Exception {
        startEmbedded();

        ServiceClient.Reply health = new ServiceClient(app.port()).get("/health");

        assertEquals(200, health.status());
        assertEquals("ok", health.body().get("status").asText());
        assertEquals("ml-pipeline", health.body().get("service").asText());
        assertTrue(health.body().get("worker_running").asBoolean());
        assertTrue(app.mongoUri().startsWith("mongodb://127.0.0.1:"), app.mongoUri());
    }

    @Test
    void jobForAVideoAnotherClientInsertedFailsOnTheMissingFileIsListedAndSurvivesARestart() throws Exception {
        startEmbedded();
        ObjectId videoId = insertVideo(app.mongoUri());
        ServiceClient client = new ServiceClient(app.port());

        ServiceClient.Reply created = client.post("/jobs", "{\"video_id\": \"" + videoId.toHexString() + "\"}");
        assertEquals(201, created.status());
        String jobId = created.body().get("job").get("_id").asText();
        assertEquals(videoId.toHexString(), created.body().get("job").get("video_id").asText());

        Await.until("job processed", WAIT, () -> status(client, jobId).equals("failed"));
        JsonNode shown = client.get("/jobs/" + jobId).body().get("job");
        assertEquals("video file not found: sample.mp4", shown.get("error").asText());
        JsonNode listed = client.get("/jobs?status=failed").body();
        assertEquals(1, listed.get("count").asInt());
        assertEquals(jobId, listed.get("jobs").get(0).get("_id").asText());
        Document video = withDatabase(app.mongoUri(),
                db -> db.getCollection("videos").find(new Document("_id", videoId)).first());
        assertEquals("error", video.getString("status"));

        app.close();
        app = startEmbedded();

        ServiceClient.Reply again = new ServiceClient(app.port()).get("/jobs/" + jobId);
        assertEquals(200, again.status());
        assertEquals("failed", again.body().get("job").get("status").asText());
        assertEquals(videoId.toHexString(), again.body().get("job").get("video_id").asText());
    }

    @Test
    void jobInsertedStraightIntoTheQueueIsClaimed() throws Exception {
        startEmbedded();
        ObjectId videoId = insertVideo(app.mongoUri());
        ObjectId jobId = new ObjectId();
        withDatabase(app.mongoUri(), db -> db.getCollection("processing_jobs").insertOne(new Document("_id", jobId)
                .append("video_id", videoId).append("status", "pending").append("progress", 0)
                .append("created_at", "2024-05-06T07:08:09.5")));
        ServiceClient client = new ServiceClient(app.port());

        Await.until("directly inserted job claimed", WAIT, () -> !status(client, jobId.toHexString()).equals("pending"));

        Document stored = withDatabase(app.mongoUri(),
                db -> db.getCollection("processing_jobs").find(new Document("_id", jobId)).first());
        assertEquals(1, stored.getInteger("attempts"));
        assertTrue(stored.getString("worker_id").contains("-"), stored.toJson());
        assertTrue(stored.getString("lease_expires_at").endsWith("Z"), stored.toJson());
    }

    @Test
    void givenTheDatabaseIsUnreachable_thenTheApiAnswers503AndHealthSaysWhichPartIsDown() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        app = Application.start(config(Optional.of(
                "mongodb://127.0.0.1:" + closedPort + "/?serverSelectionTimeoutMS=300&connectTimeoutMS=300")));
        ServiceClient client = new ServiceClient(app.port());

        ServiceClient.Reply health = client.get("/health");
        assertEquals(503, health.status());
        assertTrue(health.body().toString().contains("mongodb"), health.body().toString());
        ServiceClient.Reply created = client.post("/jobs", "{\"video_id\": \"" + new ObjectId().toHexString() + "\"}");
        assertEquals(503, created.status());
        assertTrue(created.body().get("error").isTextual());
        assertEquals(503, client.get("/jobs").status());
    }

    private static String status(ServiceClient client, String jobId) {
        try {
            return client.get("/jobs/" + jobId).body().get("job").get("status").asText();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
