package dev.mlpipeline.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlpipeline.core.testing.Await;
import dev.mlpipeline.video.synthetic.SyntheticClip;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances on one queue and one upload folder. Worker A is paused (SIGSTOP) while it publishes
 * its result, past its lease; worker B takes the job over and completes it; A is resumed. A's late
 * work must not replace what B published, and must leave nothing behind.
 */
class FencedResultsIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void aWorkerPausedPastItsLeaseReplacesNothingAndLeavesNoFileBehind() throws Exception {
        Path uploads = dir.resolve("uploads");
        SyntheticClip.builder().size(640, 360).fps(30).frames(60).movingObjects(3).build()
                .writeTo(uploads.resolve("clip.mp4"));
        Map<String, String> shared = Map.of("UPLOAD_DIR", uploads.toString(), "LEASE_SECONDS", "2");
        try (ServiceProcess b = ServiceProcess.start("b", dir.resolve("b"), ServiceProcess.with(shared,
                        "WORKER_AUTOSTART", "false", "VIDEO_PRESET", "ultrafast"));
                // placebo: A's encoder holds most frames until the end, so publishing takes seconds
                ServiceProcess a = ServiceProcess.start("a", dir.resolve("a"), ServiceProcess.with(shared,
                        "MONGO_URI", b.mongoUri(), "VIDEO_PRESET", "placebo"));
                MainBackend backend = new MainBackend(b.mongoUri())) {
            ObjectId video = backend.insertVideo("/uploads/clip.mp4");
            ServiceClient.Reply created = a.client().post("/jobs", "{\"video_id\": \"" + video.toHexString() + "\"}");
            ObjectId job = new ObjectId(created.body().get("job").get("_id").asText());

            // A publishes the detections file first, then finishes the video: pause it in between
            Await.until("A publishes its detections", WAIT, () -> published(uploads, ".detections.json").isPresent());
            Document completed = backend.takeOver(job, a, b, WAIT);
            String url = completed.get("result", Document.class).getString("annotated_video_url");
            Path result = dir.resolve(url.substring(1));
            String published = sha256(result);

            a.resume();
            Await.until("A's late attempt is over", WAIT, () -> published(uploads, ".part").isEmpty()
                    && a.countLines("attempt 1 no longer holds it") + a.countLines("lease lost") > 0);
            Thread.sleep(1_000);

            Document after = backend.job(job);
            assertEquals("completed", after.get("status"));
            assertEquals(url, after.get("result", Document.class).getString("annotated_video_url"));
            assertEquals(published, sha256(result), "the completed job's file is byte for byte B's");
            assertEquals(List.of(), files(uploads, ".part"), "no temporary file is left");
            List<Path> outputs = files(uploads, "").stream().filter(p -> !p.equals(uploads.resolve("clip.mp4")))
                    .toList();
            assertTrue(outputs.containsAll(List.of(result, result.resolveSibling("annotated_clip.detections.json"),
                    result.resolveSibling("annotated_clip.objects.geojson"))), outputs.toString());
            assertEquals(List.of(), outputs.stream().filter(p -> !p.startsWith(result.getParent())).toList(),
                    "only B's outputs (its attempt folder, frame images included) remain:\n" + a.outputText());
            assertEquals(url, backend.video(video).getString("annotated_video_url"));
        }
    }

    /** A file under {@code root} whose name ends with {@code suffix}, not a hidden temporary one unless asked. */
    private static Optional<Path> published(Path root, String suffix) {
        return files(root, suffix).stream()
                .filter(p -> suffix.equals(".part") || !p.getFileName().toString().startsWith("."))
                .findFirst();
    }

    /** The files under {@code root} whose names contain {@code part}; read again if one vanished meanwhile. */
    private static List<Path> files(Path root, String part) {
        for (int tries = 1; ; tries++) {
            try (Stream<Path> all = Files.walk(root)) {
                return all.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().contains(part)).toList();
            } catch (IOException | UncheckedIOException e) {
                if (tries == 5) {
                    throw new AssertionError("cannot list " + root, e);
                }
            }
        }
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
