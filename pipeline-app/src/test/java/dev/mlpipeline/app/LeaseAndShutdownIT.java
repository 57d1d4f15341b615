package dev.mlpipeline.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlpipeline.core.testing.Await;
import dev.mlpipeline.sagemaker.FakeSageMakerEndpoint;
import dev.mlpipeline.sagemaker.FakeSageMakerEndpoint.Reply;
import dev.mlpipeline.video.synthetic.SyntheticClip;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A service working a slow job against a database run by a second instance: paused (SIGSTOP) for less
 * than its lease, it renews once and goes on; stopped (SIGTERM) while the database is frozen, it ends
 * within a container's 30-second grace period; and the database's own instance, started with its
 * worker off, claims nothing until told to.
 */
class LeaseAndShutdownIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String RENEWED = "lease renewed until";

    @TempDir
    Path dir;

    @Test
    void aPauseRenewsOnceAFrozenDatabaseDoesNotHoldUpShutdownAndAStoppedWorkerClaimsNothing() throws Exception {
        Path uploads = dir.resolve("uploads");
        SyntheticClip.builder().frames(150).build().writeTo(uploads.resolve("slow.mp4"));
        SyntheticClip.builder().frames(30).build().writeTo(uploads.resolve("later.mp4"));
        // every sampled frame takes 200 ms: 50 of them keep the job busy for ten seconds
        try (FakeSageMakerEndpoint model = FakeSageMakerEndpoint.start("slow")
                        .otherwise(Reply.predictions().after(Duration.ofMillis(200)));
                ServiceProcess database = ServiceProcess.start("database", dir.resolve("database"),
                        Map.of("UPLOAD_DIR", uploads.toString(), "WORKER_AUTOSTART", "false"));
                ServiceProcess service = ServiceProcess.start("service", dir.resolve("service"),
                        slowModel(model, uploads, database.mongoUri()),
                        "-Dlogback.configurationFile=" + Path.of("src/test/resources/lease-debug-logback.xml")
                                .toAbsolutePath());
                MainBackend backend = new MainBackend(database.mongoUri())) {
            ObjectId video = backend.insertVideo("/uploads/slow.mp4");
            ObjectId job = new ObjectId(service.client().post("/jobs", "{\"video_id\": \"" + video.toHexString() + "\"}")
                    .body().get("job").get("_id").asText());
            backend.awaitJob(job, WAIT, "under way", j -> j.getInteger("progress", 0) > 0);
            Await.until("a first renewal", WAIT, () -> !renewals(service).isEmpty());

            // paused for 5 s of a 6 s lease, with a renewal due every 2 s
            service.pause();
            Thread.sleep(5_000);
            Instant resumed = Instant.now();
            service.resume();
            Thread.sleep(1_500);
            List<Instant> renewals = renewals(service);
            assertEquals(1, renewals.stream().filter(t -> !t.isBefore(resumed)).count(),
                    "one renewal after the pause, not one per missed period:\n" + service.outputText());
            assertEquals(0, service.countLines("lease lost"), service.outputText());
            assertEquals("processing", backend.job(job).get("status"));

            // SIGTERM while the database does not answer at all, and a client waits on it
            database.pause();
            HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + service.port() + "/jobs/" + job.toHexString())).build(),
                    HttpResponse.BodyHandlers.discarding());
            Thread.sleep(200);
            long stopping = System.nanoTime();
            service.terminate();
            Integer status = service.awaitExit(Duration.ofSeconds(45));
            Duration took = Duration.ofNanos(System.nanoTime() - stopping);
            database.resume();
            System.out.println("service stopped " + took.toMillis() + " ms after SIGTERM, the database frozen");
            assertNotNull(status, "still running 45 s after SIGTERM");
            assertTrue(took.compareTo(Duration.ofSeconds(30)) < 0, "stopping took " + took + ":\n"
                    + service.outputText());
            assertEquals(143, status);

            // the database's instance runs no worker until asked to
            ObjectId later = new ObjectId(database.client().post("/jobs", "{\"video_id\": \""
                    + backend.insertVideo("/uploads/later.mp4").toHexString() + "\"}").body().get("job").get("_id").asText());
            Thread.sleep(2_000);
            Document waiting = backend.job(later);
            assertEquals("pending", waiting.get("status"), waiting.toJson());
            assertEquals(0, database.countLines("claimed by"), database.outputText());
            assertEquals(200, database.client().post("/worker/start", "").status());
            backend.awaitJob(later, WAIT, "completed once the worker started", j -> "completed".equals(j.get("status")));
        }
    }

    private static Map<String, String> slowModel(FakeSageMakerEndpoint model, Path uploads, String mongoUri) {
        Map<String, String> env = new HashMap<>(Map.of("UPLOAD_DIR", uploads.toString(), "MONGO_URI", mongoUri,
                "LEASE_SECONDS", "6", "SAGEMAKER_ENDPOINT_NAME", "slow", "AWS_REGION", "eu-west-1",
                "SAGEMAKER_ENDPOINT_URL", model.url().toString(), "MAX_IN_FLIGHT", "1"));
        // only well-formed, for request signing
        env.put("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE");
        env.put("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
        return env;
    }

    /** When each renewal was logged, from the service's own timestamps. */
    private static List<Instant> renewals(ServiceProcess service) {
        return service.output().stream()
                .filter(line -> line.contains(RENEWED))
                .map(line -> OffsetDateTime.parse(line.substring(0, line.indexOf(' '))).toInstant())
                .toList();
    }
}
