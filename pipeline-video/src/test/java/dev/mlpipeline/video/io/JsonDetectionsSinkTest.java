package dev.mlpipeline.video.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlpipeline.core.domain.BoundingBox;
import dev.mlpipeline.core.domain.Detection;
import dev.mlpipeline.core.domain.FrameRecord;
import dev.mlpipeline.core.domain.Position;
import dev.mlpipeline.core.port.DetectionsSink;
import dev.mlpipeline.core.port.DetectionsSink.Header;
import dev.mlpipeline.core.port.DetectionsSink.Summary;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonDetectionsSinkTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Header HEADER = new Header("clip \"1\".mp4", 29.97, 640, 360, 3, 0.25);

    @TempDir
    Path dir;
    private final DetectionsSink sink = new JsonDetectionsSink();

    @Test
    void writesTheFramesTheFailuresAndTheSummaryAsOneJsonDocument() throws IOException {
        Path target = dir.resolve("annotated_clip.detections.json");
        Map<String, Long> perClass = new LinkedHashMap<>();
        perClass.put("person", 1L);
        perClass.put("car \"x\"", 1L);
        try (DetectionsSink.Record record = sink.open(target, HEADER)) {
            record.frame(new FrameRecord(0, 0, List.of(new Detection("person", 0.9, new BoundingBox(1, 2, 30.5, 40)),
                    new Detection("car \"x\"", Double.NaN, new BoundingBox(0, 0, 5, 5))), null,
                    new Position(25.5, 51.25, 12.0, Instant.parse("2025-03-14T07:21:05Z"), false)));
            record.frame(new FrameRecord(3, 100_100, List.of(), "endpoint said \"no\"", null));
            record.commit(new Summary(2, 1, 2, perClass));
        }

        JsonNode json = JSON.readTree(target.toFile());
        assertEquals("clip \"1\".mp4", json.get("video").asText());
        assertEquals(29.97, json.get("fps").asDouble());
        assertEquals(3, json.get("frame_interval").asInt());
        JsonNode first = json.get("frames").get(0);
        assertEquals(0, first.get("frame").asInt());
        assertEquals(30.5, first.get("detections").get(0).get("bbox").get("x2").asDouble());
        assertTrue(first.get("detections").get(1).get("confidence").isNull(), "JSON has no NaN");
        assertEquals("{\"type\":\"Point\",\"coordinates\":[51.25,25.5]}", first.get("location").toString());
        assertEquals(12.0, first.get("altitude").asDouble());
        assertEquals("2025-03-14T07:21:05Z", first.get("gpx_timestamp").asText());
        JsonNode failed = json.get("frames").get(1);
        assertEquals("endpoint said \"no\"", failed.get("error").asText());
        assertEquals(0.1001, failed.get("timestamp").asDouble());
        assertEquals(0, failed.get("detections").size());
        assertFalse(failed.has("location"), "no position, no location");
        assertEquals(List.of("person", "car \"x\""), List.copyOf(
                JSON.convertValue(json.get("summary").get("detection_stats"), Map.class).keySet()));
        assertEquals(1, json.get("summary").get("failed_frames").asInt());
        assertEquals(List.of(target), files(), "no temporary file stays behind");
    }

    @Test
    void neverReplacesAPublishedRecord() throws IOException {
        Path target = dir.resolve("annotated_clip.detections.json");
        try (DetectionsSink.Record record = sink.open(target, HEADER)) {
            record.commit(new Summary(0, 0, 0, Map.of()));
        }
        String published = Files.readString(target);

        try (DetectionsSink.Record late = sink.open(target, HEADER)) {
            late.frame(new FrameRecord(0, 0, List.of(), null, null));
            assertThrows(FileAlreadyExistsException.class, () -> late.commit(new Summary(1, 0, 0, Map.of())));
        }

        assertEquals(published, Files.readString(target));
        assertEquals(List.of(target), files());
    }

    @Test
    void aRecordClosedWithoutCommitLeavesNothingAndADiscardedOneIsRemoved() throws IOException {
        Path target = dir.resolve("annotated_clip.detections.json");
        try (DetectionsSink.Record abandoned = sink.open(target, HEADER)) {
            abandoned.frame(new FrameRecord(0, 0, List.of(), null, null));
        }
        assertEquals(List.of(), files());

        try (DetectionsSink.Record record = sink.open(target, HEADER)) {
            record.commit(new Summary(0, 0, 0, Map.of()));
            record.discardCommitted();
        }
        assertFalse(Files.exists(target));
    }

    private List<Path> files() throws IOException {
        try (var files = Files.list(dir)) {
            return files.toList();
        }
    }
}
