package dev.mlpipeline.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlpipeline.core.testing.Await;
import dev.mlpipeline.sagemaker.FakeSageMakerEndpoint;
import dev.mlpipeline.sagemaker.FakeSageMakerEndpoint.Reply;
import dev.mlpipeline.video.synthetic.SyntheticClip;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cancel and retry across instances: a job running on one instance is cancelled through another
 * instance's API, and the worker holding it stops and removes what it made (files, frame records)
 * within 2 seconds; retried through the first instance, it runs again as a new attempt and completes.
 */
class CancelIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration CANCEL_WITHIN = Duration.ofSeconds(2);

    @TempDir
    Path dir;

    @Test
    void aJobCancelledThroughAnotherInstanceStopsWithinTwoSecondsAndARetryCompletesIt() throws Exception {
        Path uploads = dir.resolve("uploads");
        SyntheticClip.builder().frames(200).build().writeTo(uploads.resolve("long.mp4"));
        AtomicLong latency = new AtomicLong(60);
        try (FakeSageMakerEndpoint model = FakeSageMakerEndpoint.start("slow")
                        .otherwise(request -> Reply.predictions().after(Duration.ofMillis(latency.get())));
                ServiceProcess database = ServiceProcess.start("database", dir.resolve("database"),
                        Map.of("UPLOAD_DIR", uploads.toString(), "WORKER_AUTOSTART", "false"));
                ServiceProcess service = ServiceProcess.start("service", dir.resolve("service"),
                        slowModel(model, uploads, database.mongoUri()));
                MainBackend backend = new MainBackend(database.mongoUri())) {
            ObjectId video = backend.insertVideo("/uploads/long.mp4");
            ObjectId job = new ObjectId(service.client().post("/jobs", "{\"video_id\": \"" + video.toHexString()
                    + "\"}").body().get("job").get("_id").asText());
            // a first batch of frame records is written once 100 frames are sampled
            Await.until("frame records written", WAIT, () -> backend.frameCount(video) > 0);
            Path jobFolder = uploads.resolve("annotated").resolve(job.toHexString());
            assertTrue(Files.isDirectory(jobFolder), "the attempt writes into its folder");
            assertEquals("processing", backend.job(job).get("status"));

            ServiceClient.Reply cancel = database.client().post("/jobs/" + job.toHexString() + "/cancel", "");
            long cancelled = System.nanoTime();

            assertEquals(200, cancel.status(), cancel.body().toString());
            assertEquals("cancelled", cancel.body().get("job").get("status").asText());
            long stopped = awaitNanos(() -> !Files.exists(jobFolder) && backend.frameCount(video) == 0
                    && service.countLines("cancelled on request") == 1
                    && "cancelled".equals(backend.video(video).get("status")), cancelled);
            System.out.println("cancel to outputs removed: " + stopped / 1_000_000 + " ms");
            assertTrue(stopped < CANCEL_WITHIN.toNanos(), "the worker stopped " + stopped / 1_000_000
                    + " ms after the cancel:\n" + service.outputText());
            Document ended = backend.job(job);
            assertEquals("cancelled", ended.get("status"), ended.toJson());
            assertFalse(ended.containsKey("lease_expires_at"), "the lease is released: " + ended.toJson());
            assertFalse(ended.containsKey("active_video_id"), "so is the video: " + ended.toJson());
            assertFalse(ended.containsKey("result"));
            assertEquals(0, service.countLines("lease lost"), service.outputText());

            latency.set(0);
            ServiceClient.Reply retry = service.client().post("/jobs/" + job.toHexString() + "/retry", "");
            assertEquals(200, retry.status(), retry.body().toString());
            Document done = backend.awaitJob(job, WAIT, "completed after the retry",
                    j -> "completed".equals(j.get("status")));
            assertEquals(2, done.getInteger("attempts"), "a new attempt: " + done.toJson());
            // the video is written right after the job, by the same worker
            Await.until("the video completed too", WAIT, () -> "completed".equals(backend.video(video).get("status")));
            String output = done.get("result", Document.class).getString("annotated_video_url");
            assertTrue(Files.isRegularFile(dir.resolve(output.substring(1))), output);
            assertTrue(output.contains("/2-"), "published by the second attempt: " + output);
            Number sampled = done.get("result", Document.class).get("stats", Document.class).get("processed_frames",
                    Number.class);
            assertEquals(sampled.longValue(), backend.frameCount(video), "one record per sampled frame, none doubled");
        }
    }

    /** Nanoseconds from {@code since} until {@code condition} holds; fails after a minute. */
    private static long awaitNanos(BooleanSupplier condition, long since) {
        Await.until("the cancelled job's outputs removed", WAIT, condition);
        return System.nanoTime() - since;
    }

    private static Map<String, String> slowModel(FakeSageMakerEndpoint model, Path uploads, String mongoUri) {
        Map<String, String> env = new HashMap<>(Map.of("UPLOAD_DIR", uploads.toString(), "MONGO_URI", mongoUri,
                "SAGEMAKER_ENDPOINT_NAME", "slow", "AWS_REGION", "eu-west-1",
                "SAGEMAKER_ENDPOINT_URL", model.url().toString(), "MAX_IN_FLIGHT", "1", "FRAME_INTERVAL", "1"));
        env.put("SAGEMAKER_CONTROL_URL", model.url().toString());
        // only well-formed, for request signing
        env.put("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE");
        env.put("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
        return env;
    }
}
