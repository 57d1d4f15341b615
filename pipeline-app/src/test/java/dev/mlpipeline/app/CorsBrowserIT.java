package dev.mlpipeline.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A front-end served from another origin calls the API from real headless Chromium: with the default
 * {@code CORS_ORIGINS} (any origin, as the origin) its JSON POST creates a job and it reads the answer;
 * with other origins configured, the browser refuses it the answer.
 */
class CorsBrowserIT {

    @TempDir
    Path dir;

    @BeforeAll
    static void needsChromium() {
        NodeClients.requireChromium();
    }

    @Test
    void aPageFromAnotherOriginCreatesAJobAndReadsTheAnswer() throws Exception {
        try (ServiceProcess service = ServiceProcess.start("service", dir, Map.of("WORKER_AUTOSTART", "false"));
                MainBackend backend = new MainBackend(service.mongoUri())) {
            ObjectId video = backend.insertVideo("/uploads/clip.mp4");

            JsonNode page = NodeClients.node("cors-page.js", "http://127.0.0.1:" + service.port(), video.toHexString());

            JsonNode created = page.get("created");
            assertEquals(201, created.path("status").asInt(), page.toString());
            assertEquals(video.toHexString(), created.get("body").get("job").get("video_id").asText());
            assertEquals(1, page.get("listed").get("body").get("count").asInt(), page.toString());
        }
    }

    @Test
    void aPageFromAnOriginNotConfiguredGetsNoAnswerAndCreatesNoJob() throws Exception {
        try (ServiceProcess service = ServiceProcess.start("service", dir.resolve("other"),
                Map.of("WORKER_AUTOSTART", "false", "CORS_ORIGINS", "https://survey.example.com"));
                MainBackend backend = new MainBackend(service.mongoUri())) {
            ObjectId video = backend.insertVideo("/uploads/clip.mp4");

            JsonNode page = NodeClients.node("cors-page.js", "http://127.0.0.1:" + service.port(), video.toHexString());

            assertTrue(page.get("created").has("error"), page.toString());
            assertFalse(page.get("listed").has("status"), page.toString());
            assertEquals(0, backend.jobs().countDocuments(), "the preflight was refused, so the POST was never sent");
        }
    }
}
