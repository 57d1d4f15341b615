package dev.mlpipeline.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlpipeline.core.testing.Await;
import dev.mlpipeline.video.synthetic.SyntheticClip;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Webhooks as a receiver sees them: signed, retried until it answers 2xx, each POST recorded on the
 * job; and delivered after SIGKILL of the service that owed them, by the service started again.
 */
class WebhookIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String SECRET = "the-receivers-shared-secret";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private ServiceProcess start(String name) throws Exception {
        Map<String, String> env = new HashMap<>(Map.of("WEBHOOK_SECRET", SECRET, "WEBHOOK_RETRY_SECONDS", "0.5"));
        return ServiceProcess.start(name, dir, env);
    }

    private static ObjectId post(ServiceProcess service, ObjectId video, String callbackUrl) throws Exception {
        ServiceClient.Reply reply = service.client().post("/jobs", "{\"video_id\": \"" + video.toHexString()
                + "\", \"callback_url\": \"" + callbackUrl + "\"}");
        assertEquals(201, reply.status(), reply.body().toString());
        return new ObjectId(reply.body().get("job").get("_id").asText());
    }

    @Test
    void anEndIsSignedRetriedUntilTakenRecordedAndDeliveredAfterTheServiceWasKilled() throws Exception {
        SyntheticClip.builder().frames(30).build().writeTo(dir.resolve("uploads").resolve("clip.mp4"));
        ObjectId job;
        try (WebhookReceiver receiver = WebhookReceiver.onFreePort(SECRET).answering(503, 500).start();
                ServiceProcess service = start("service"); MainBackend backend = new MainBackend(service.mongoUri())) {
            job = post(service, backend.insertVideo("/uploads/clip.mp4"), receiver.url("/hooks/jobs?team=7"));

            Await.until("three posts, the third taken", WAIT, () -> receiver.posts().size() == 3);
            Document done = backend.awaitJob(job, WAIT, "its delivery settled", j -> j.get("callback",
                    Document.class) != null && j.get("callback", Document.class).get("outcome") != null);

            List<WebhookReceiver.Post> posts = receiver.posts();
            assertTrue(posts.stream().allMatch(WebhookReceiver.Post::signed), "every POST is signed");
            assertEquals(1, posts.stream().map(WebhookReceiver.Post::delivery).distinct().count(),
                    "one end, one delivery id on every try");
            assertEquals("job.completed", posts.get(2).event());
            JsonNode body = JSON.readTree(posts.get(2).body());
            assertEquals(job.toHexString(), body.get("job").get("_id").asText());
            assertEquals("completed", body.get("job").get("status").asText());
            assertEquals("delivered", done.get("callback", Document.class).get("outcome"));
            List<Document> recorded = done.getList("callback_deliveries", Document.class);
            assertEquals(List.of(503, 500, 200), recorded.stream().map(d -> d.getInteger("status_code")).toList());
            assertEquals(List.of(1, 2, 3), recorded.stream().map(d -> d.getInteger("attempt")).toList());
            Thread.sleep(1_500);
            assertEquals(3, receiver.posts().size(), "nothing more after the 2xx");
        }

        // a receiver that is down when the job ends, and the service killed while it still owes the POST
        WebhookReceiver late = WebhookReceiver.onFreePort(SECRET);
        ObjectId second;
        try (ServiceProcess service = start("owing"); MainBackend backend = new MainBackend(service.mongoUri())) {
            second = post(service, backend.insertVideo("/uploads/clip.mp4"), late.url("/hooks"));
            Document refused = backend.awaitJob(second, WAIT, "a refused try recorded",
                    j -> j.getList("callback_deliveries", Document.class, List.of()).size() == 1);
            assertEquals(0, refused.getList("callback_deliveries", Document.class).get(0).getInteger("status_code"));
            service.sigkill();
            service.kill();
        }
        try (WebhookReceiver receiver = late.start(); ServiceProcess service = start("restarted");
                MainBackend backend = new MainBackend(service.mongoUri())) {
            Await.until("the end posted by the restarted service", WAIT, () -> !receiver.posts().isEmpty());
            assertEquals("job.completed", receiver.posts().get(0).event());
            assertTrue(receiver.posts().get(0).signed());
            Document delivered = backend.awaitJob(second, WAIT, "delivered", j -> "delivered".equals(
                    j.get("callback", Document.class).get("outcome")));
            assertTrue(delivered.getList("callback_deliveries", Document.class).size() >= 2,
                    "the refused try and the taken one: " + delivered.toJson());
        }
    }
}
