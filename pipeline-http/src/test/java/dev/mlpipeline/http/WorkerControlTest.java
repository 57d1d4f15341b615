package dev.mlpipeline.http;

import static dev.mlpipeline.core.testing.Builders.aVideo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlpipeline.core.domain.Video;
import dev.mlpipeline.core.testing.Await;
import dev.mlpipeline.http.RunningApi.Reply;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WorkerControlTest {
    private final RunningApi api = new RunningApi();

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void givenStoppedWorker_whenStarting_thenSaysStartedAndHealthShowsItRunning() {
        Reply reply = api.post("/worker/start", "");

        assertMessage(reply, "Worker started");
        assertTrue(api.worker.isRunning());
        assertTrue(api.get("/health").json().get("worker_running").booleanValue());
    }

    @Test
    void givenRunningWorker_whenStartingAgain_thenSaysAlreadyRunning() {
        api.post("/worker/start", "");

        assertMessage(api.post("/worker/start", ""), "Worker already running");
        assertTrue(api.worker.isRunning());
    }

    @Test
    void givenRunningWorker_whenStopping_thenSaysStoppingAndHealthShowsItStopped() {
        api.post("/worker/start", "");

        assertMessage(api.post("/worker/stop", ""), "Worker stopping...");
        assertFalse(api.worker.isRunning());
        assertFalse(api.get("/health").json().get("worker_running").booleanValue());
    }

    @Test
    void givenStoppedWorker_whenStopping_thenStillSaysStopping() {
        assertMessage(api.post("/worker/stop", ""), "Worker stopping...");
    }

    @Test
    void givenStartedWorker_whenAJobIsPosted_thenItIsRunAndFailsForWantOfItsFile() {
        api.post("/worker/start", "");
        Video video = api.videos.add(aVideo().build());

        String id = api.post("/jobs", "{\"video_id\": \"" + video.id().hex() + "\"}").json()
                .get("job").get("_id").textValue();

        // the upload folder here holds no files, so the job ends failed, saying so
        Await.until("the job is processed", Duration.ofSeconds(5),
                () -> "failed".equals(api.get("/jobs/" + id).json().get("job").get("status").textValue()));
        assertEquals("video file not found: clip.mp4", api.get("/jobs/" + id).json().get("job").get("error").textValue());
    }

    private static void assertMessage(Reply reply, String message) {
        assertEquals(200, reply.status(), reply.body());
        assertTrue(reply.isJson(), reply.contentType());
        assertEquals(List.of("message"), List.copyOf(Fields.names(reply.json())));
        assertEquals(message, reply.json().get("message").textValue());
    }
}
