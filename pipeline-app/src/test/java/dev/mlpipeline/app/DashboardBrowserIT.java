package dev.mlpipeline.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlpipeline.video.synthetic.SyntheticClip;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Map;
import org.bson.Document;
import dev.mlpipeline.s3.S3TestServer;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard end to end in headless Chromium against the real service: a job created through the
 * page's form completes while the page watches, its annotated video plays (and advances) from the
 * service's own /uploads route, its counts, frames and objects on the map show, the list filters by
 * status, nothing is fetched from outside, and a screenshot is taken; with outputs in S3, the same
 * through the service's links.
 */
class DashboardBrowserIT {
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G'};

    @TempDir
    Path dir;

    /** A survey clip and its track in a fresh upload folder. */
    private Path uploads() throws Exception {
        Path uploads = Files.createDirectories(dir.resolve("uploads"));
        SyntheticClip.builder().size(640, 360).fps(30).frames(90).movingObjects(2).build()
                .writeTo(uploads.resolve("survey.mp4"));
        Files.writeString(uploads.resolve("survey.gpx"), """
                <gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>
                <trkpt lat="25.2969" lon="51.4464"><time>2025-03-14T07:21:00Z</time></trkpt>
                <trkpt lat="25.2979" lon="51.4464"><time>2025-03-14T07:21:03Z</time></trkpt>
                </trkseg></trk></gpx>
                """);
        return uploads;
    }

    /** The service with {@code env}, a video for the survey clip, and the page driven through it. */
    private JsonNode drive(Map<String, String> env, Path screenshot, String... s3) throws Exception {
        try (ServiceProcess service = ServiceProcess.start("service", dir, env);
                MainBackend backend = new MainBackend(service.mongoUri())) {
            ObjectId video = backend.insertVideo(new Document("storage_url", "/uploads/survey.mp4")
                    .append("gpx_file_url", "/uploads/survey.gpx"));
            String[] args = {"http://127.0.0.1:" + service.port(), video.toHexString(), screenshot.toString()};
            return NodeClients.node("dashboard-page.js", s3.length == 0 ? args
                    : new String[] {args[0], args[1], args[2], s3[0]});
        }
    }

    @Test
    void aJobCreatedOnThePageCompletesAndItsVideoPlays() throws Exception {
        NodeClients.requireChromium();
        Path uploads = uploads();
        Path screenshot = dir.resolve("dashboard.png");

        JsonNode page = drive(Map.of("UPLOAD_DIR", uploads.toString()), screenshot);

        assertEquals("completed", page.get("status").asText(), page.toString());
        assertTrue(page.get("video").get("currentTime").asDouble() > 0.5, "the video plays: " + page);
        assertEquals(640, page.get("video").get("width").asInt(), page.toString());
        assertTrue(page.get("ranges").asInt() > 0, "the browser asked for byte ranges: " + page);
        assertFalse(page.get("classes").asText().isEmpty(), "the chart has classes: " + page);
        assertTrue(page.get("frames").asInt() > 0, "frames with detections: " + page);
        assertTrue(page.get("frameImages").asInt() > 0, "their images load: " + page);
        assertTrue(page.get("markers").asInt() > 0, "objects on the map: " + page);
        assertTrue(page.get("buttons").get("cancel").asBoolean(), "no cancel for a completed job");
        assertTrue(page.get("buttons").get("retry").asBoolean(), "no retry for a completed job");
        assertTrue(page.get("listed").size() >= 1, page.toString());
        page.get("listed").forEach(status -> assertEquals("completed", status.asText(), "the filter holds"));
        assertEquals(0, page.get("failedRows").asInt());
        assertEquals(0, page.get("outside").size(), "nothing fetched from outside: " + page.get("outside"));
        assertEquals(0, page.get("errors").size(), "no script error: " + page.get("errors"));
        assertArrayEquals(PNG, Arrays.copyOf(Files.readAllBytes(screenshot), 4));
        // kept with the build's outputs, to look at
        Path kept = Files.copy(screenshot, Path.of("target", "dashboard.png"), StandardCopyOption.REPLACE_EXISTING);
        System.out.println("dashboard: " + page + "; screenshot " + kept.toAbsolutePath());
    }

    /**
     * Outputs in S3 (S3Proxy in this JVM): the page shows the video and the frame images through the
     * service's links (GET /files, a redirect to a presigned GET), fetched by the browser from S3 itself.
     */
    @Test
    void outputsInS3PlayAndShowThroughTheServicesLinks() throws Exception {
        NodeClients.requireChromium();
        Path uploads = uploads();
        try (S3TestServer s3 = S3TestServer.start()) {
            s3.createBucket("outputs");
            Map<String, String> env = Map.of("UPLOAD_DIR", uploads.toString(), "OUTPUT_URL", "s3://outputs/results",
                    "S3_ENDPOINT_URL", s3.endpoint().toString(), "AWS_REGION", S3TestServer.REGION,
                    "AWS_ACCESS_KEY_ID", S3TestServer.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", S3TestServer.SECRET_KEY);

            JsonNode page = drive(env, dir.resolve("dashboard-s3.png"), s3.endpoint().toString());

            assertEquals("completed", page.get("status").asText(), page.toString());
            assertTrue(page.get("video").get("src").asText().startsWith("/files?url=s3%3A%2F%2Foutputs%2Fresults%2F"),
                    "the player asks the service for a link: " + page);
            assertTrue(page.get("video").get("currentTime").asDouble() > 0.5, "the video plays: " + page);
            assertEquals(640, page.get("video").get("width").asInt(), page.toString());
            assertTrue(page.get("frameImages").asInt() > 0, "the frame images load: " + page);
            assertTrue(page.get("fromS3").asInt() > 0, "the browser read from S3 itself: " + page);
            assertEquals(0, page.get("outside").size(), "nothing fetched from elsewhere: " + page.get("outside"));
            assertEquals(0, page.get("errors").size(), "no script error: " + page.get("errors"));
        }
    }
}
