package dev.mlpipeline.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlpipeline.core.testing.Await;
import dev.mlpipeline.video.synthetic.SyntheticClip;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A worker killed (SIGKILL) mid-job leaves temporary files; the restarted service removes them. */
class CleanupIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Map<String, String> ENV = Map.of("LEASE_SECONDS", "2");

    @TempDir
    Path dir;

    @Test
    void nothingThatAKilledWorkerLeftBehindSurvivesARestart() throws Exception {
        Path uploads = dir.resolve("uploads");
        SyntheticClip.builder().size(1280, 720).fps(30).frames(150).movingObjects(3).build()
                .writeTo(uploads.resolve("long.mp4"));
        // what a version that wrote its temporaries beside the uploads left when it was killed an hour ago
        Path old = Files.writeString(uploads.resolve(".annotated_long.5e1f09a2.part.mp4"), "half a video");
        Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofHours(1))));

        ObjectId job;
        try (ServiceProcess first = ServiceProcess.start("first", dir, ENV);
                MainBackend backend = new MainBackend(first.mongoUri())) {
            ObjectId video = backend.insertVideo("/uploads/long.mp4");
            job = new ObjectId(first.client().post("/jobs", "{\"video_id\": \"" + video.toHexString() + "\"}")
                    .body().get("job").get("_id").asText());
            backend.awaitJob(job, WAIT, "under way", j -> j.getInteger("progress", 0) > 0);
            // the job is under way, so the sweep at start is over: a temporary file now is the job's
            Await.until("temporary files written", WAIT, () -> !temporaries(uploads).isEmpty());
            first.kill();
        }
        assertFalse(temporaries(uploads).isEmpty(), "the kill left temporaries");

        Path result;
        try (ServiceProcess second = ServiceProcess.start("second", dir, ENV);
                MainBackend backend = new MainBackend(second.mongoUri())) {
            Document done = backend.awaitJob(job, WAIT, "completed after the takeover",
                    j -> "completed".equals(j.get("status")));
            assertEquals(2, done.getInteger("attempts"));
            result = dir.resolve(done.get("result", Document.class).getString("annotated_video_url").substring(1));

            assertEquals(List.of(), temporaries(uploads), "no temporary file is left:\n" + second.outputText());
            assertEquals(List.of(result.getParent()), attempts(uploads, job), "only the completing attempt's folder");
        }

        // what a kill leaves where no takeover will come: an attempt of a finished job, and a temporary
        // name beside a published file (a kill between the two steps of publishing)
        FileTime lastHour = FileTime.from(Instant.now().minus(Duration.ofHours(1)));
        Path ghost = Files.createDirectories(uploads.resolve("annotated").resolve(job.toHexString()).resolve("9-ghost"));
        Path ghostFile = Files.writeString(ghost.resolve(".annotated_long.77aa.part.mp4"), "half");
        Path leftName = Files.writeString(result.resolveSibling(".annotated_long.0b1c.part.mp4"), "twice");
        for (Path path : List.of(ghostFile, ghost, leftName)) {
            Files.setLastModifiedTime(path, lastHour);
        }
        try (ServiceProcess third = ServiceProcess.start("third", dir, ENV)) {
            Await.until("the sweep at start", WAIT, () -> temporaries(uploads).isEmpty());
            assertEquals(List.of(result.getParent()), attempts(uploads, job), third.outputText());
            assertTrue(Files.isRegularFile(result), "the published result stays");
        }
    }

    private static List<Path> attempts(Path uploads, ObjectId job) throws IOException {
        try (Stream<Path> attempts = Files.list(uploads.resolve("annotated").resolve(job.toHexString()))) {
            return attempts.toList();
        }
    }

    private static List<Path> temporaries(Path root) {
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(p -> p.getFileName().toString().contains(".part")).toList();
        } catch (IOException | UncheckedIOException e) {
            return List.of(root.resolve("(changing)"));
        }
    }
}
