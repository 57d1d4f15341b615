package dev.mlpipeline.http;

import static dev.mlpipeline.core.testing.Builders.aVideo;
import static dev.mlpipeline.http.JobRoutesTest.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlpipeline.core.domain.BoundingBox;
import dev.mlpipeline.core.domain.Detection;
import dev.mlpipeline.core.domain.FrameRecord;
import dev.mlpipeline.core.domain.Position;
import dev.mlpipeline.core.domain.Video;
import dev.mlpipeline.http.RunningApi.Reply;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class VideoRoutesTest {
    private RunningApi api;
    private Video video;

    @BeforeEach
    void start() {
        api = new RunningApi();
        video = api.videos.add(aVideo().build());
        Position here = new Position(25.5, 51.25, null, null, false);
        for (int number = 0; number < 6; number++) {
            List<Detection> found = number % 2 == 0
                    ? List.of(new Detection("sign", 0.5 + number / 10.0, new BoundingBox(0, 0, 5, 5), 1)) : List.of();
            api.frames.add(video.id(), new FrameRecord(number * 3L, number * 100_000L, found, null, here), null);
        }
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void pagesTheFramesInTheMainBackendsShape() {
        JsonNode page = api.get("/videos/" + video.id().hex() + "/frames?limit=2&offset=1").json();

        assertEquals(6, page.get("total").asInt());
        assertEquals(2, page.get("limit").asInt());
        assertEquals(1, page.get("offset").asInt());
        assertEquals(List.of(3, 6), List.of(page.get("items").get(0).get("frame_number").asInt(),
                page.get("items").get(1).get("frame_number").asInt()));
        JsonNode withDetections = api.get("/videos/" + video.id().hex() + "/frames?has_detections=true").json();
        assertEquals(3, withDetections.get("total").asInt());
        assertEquals(50, withDetections.get("limit").asInt(), "the default page");
    }

    @Test
    void mapsEachTrackedObjectWhereItWasSeenBest() {
        Reply reply = api.get("/videos/" + video.id().hex() + "/objects.geojson");

        assertEquals(200, reply.status(), reply.body());
        assertTrue(reply.contentType().startsWith("application/geo+json"), reply.contentType());
        JsonNode feature = reply.json().get("features").get(0);
        assertEquals(1, reply.json().get("features").size());
        assertEquals("[51.25,25.5]", feature.get("geometry").get("coordinates").toString());
        assertEquals(3, feature.get("properties").get("frames_seen").asInt());
        assertEquals(0.9, feature.get("properties").get("best_confidence").asDouble(), 1e-9);
        assertEquals(12, feature.get("properties").get("best_frame").asInt());
    }

    @Test
    void anUnknownVideoIs404AndAMalformedIdOrLimit400() {
        assertError(api.get("/videos/65a1b2c3d4e5f60718293aff/frames"), 404);
        assertError(api.get("/videos/65a1b2c3d4e5f60718293aff/objects.geojson"), 404);
        assertError(api.get("/videos/xyz/frames"), 400);
        assertError(api.get("/videos/" + video.id().hex() + "/frames?limit=lots"), 400);
    }
}
