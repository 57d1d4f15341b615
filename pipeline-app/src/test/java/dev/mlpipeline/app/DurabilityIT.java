package dev.mlpipeline.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlpipeline.video.synthetic.SyntheticClip;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service with its embedded database, killed with SIGKILL right after it acknowledged a write,
 * then started again on the same data: every acknowledged write is there, and no job runs twice.
 */
class DurabilityIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final long WITHIN_NANOS = Duration.ofMillis(100).toNanos();

    @TempDir
    Path dir;

    private ServiceProcess start(String name, Map<String, String> extra) throws Exception {
        Map<String, String> env = new HashMap<>(Map.of("LEASE_SECONDS", "2"));
        env.putAll(extra);
        return ServiceProcess.start(name, dir, env);
    }

    @Test
    void everyAcknowledgedWriteSurvivesSigkillAndACompletedJobIsNotRunAgain() throws Exception {
        SyntheticClip.builder().size(320, 240).fps(30).frames(45).movingObjects(2).build()
                .writeTo(dir.resolve("uploads").resolve("clip.mp4"));

        // a direct insert into videos, as the main backend makes one
        ObjectId video;
        try (ServiceProcess first = start("first", Map.of()); MainBackend backend = new MainBackend(first.mongoUri())) {
            video = backend.insertVideo("/uploads/clip.mp4");
            long acknowledged = System.nanoTime();
            first.sigkill();
            // the signal, not the exit, must beat the stock backend's commit, about a second later
            assertTrue(System.nanoTime() - acknowledged < WITHIN_NANOS, "SIGKILL sent within 100 ms");
            first.kill();
        }

        // a job acknowledged by POST /jobs, with the worker stopped so that it stays pending
        ObjectId job;
        try (ServiceProcess second = start("second", Map.of("WORKER_AUTOSTART", "false"));
                MainBackend backend = new MainBackend(second.mongoUri())) {
            assertNotNull(backend.video(video), "the video inserted before the kill");
            ServiceClient.Reply created = second.client().post("/jobs", "{\"video_id\": \"" + video.toHexString() + "\"}");
            long acknowledged = System.nanoTime();
            second.sigkill();
            // the signal, not the exit, must beat the stock backend's commit, about a second later
            assertTrue(System.nanoTime() - acknowledged < WITHIN_NANOS, "SIGKILL sent within 100 ms");
            second.kill();
            assertEquals(201, created.status(), created.body().toString());
            job = new ObjectId(created.body().get("job").get("_id").asText());
        }

        // the job's completion, acknowledged to the worker that wrote it
        String completedBy;
        try (ServiceProcess third = start("third", Map.of()); MainBackend backend = new MainBackend(third.mongoUri())) {
            Document completed = backend.awaitJob(job, WAIT, "completed", j -> "completed".equals(j.get("status")));
            long acknowledged = System.nanoTime();
            third.sigkill();
            // the signal, not the exit, must beat the stock backend's commit, about a second later
            assertTrue(System.nanoTime() - acknowledged < WITHIN_NANOS, "SIGKILL sent within 100 ms");
            third.kill();
            completedBy = completed.getString("worker_id");
        }

        try (ServiceProcess fourth = start("fourth", Map.of()); MainBackend backend = new MainBackend(fourth.mongoUri())) {
            Document stored = backend.job(job);
            assertEquals("completed", stored.get("status"), stored.toJson());
            assertEquals(1, stored.getInteger("attempts"), "ran once");
            assertEquals(completedBy, stored.getString("worker_id"));
            String url = stored.get("result", Document.class).getString("annotated_video_url");
            // leases, polls and the janitor's sweep at start all come and go: the job stays done
            Thread.sleep(3_000);
            Document later = backend.job(job);
            assertEquals("completed", later.get("status"));
            assertEquals(1, later.getInteger("attempts"));
            assertEquals(0, fourth.countLines("claimed by"), fourth.outputText());
            Document repaired = backend.video(video);
            assertEquals("completed", repaired.get("status"), "the video follows its job: " + repaired.toJson());
            assertEquals(url, repaired.get("annotated_video_url"));
            assertTrue(Files.isRegularFile(dir.resolve(url.substring(1))), url);
            try (Stream<Path> attempts = Files.list(dir.resolve("uploads/annotated").resolve(job.toHexString()))) {
                assertEquals(List.of(dir.resolve(url.substring(1)).getParent()), attempts.toList(),
                        "one attempt's outputs");
            }
        }
    }
}
