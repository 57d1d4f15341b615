package dev.mlpipeline.video.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeoJsonObjectsSinkTest {
    private static final Header HEADER = new Header("clip.mp4", 30, 640, 360, 3, 0.25);

    @TempDir
    Path dir;

    private Path run(Detection... detections) throws IOException {
        Path target = dir.resolve("annotated_clip.detections.json");
        try (DetectionsSink.Record record = new GeoJsonObjectsSink().open(target, HEADER)) {
            record.frame(new FrameRecord(0, 0, List.of(detections), null,
                    new Position(25.5, 51.25, null, null, false)));
            record.commit(new Summary(1, 0, detections.length, Map.of()));
        }
        return dir.resolve("annotated_clip.objects.geojson");
    }

    @Test
    void writesOnePointPerTrackedObjectBesideTheDetectionsFile() throws IOException {
        Path file = run(new Detection("sign", 0.9, new BoundingBox(0, 0, 1, 1), 3),
                new Detection("car", 0.8, new BoundingBox(0, 0, 1, 1)));

        JsonNode json = new ObjectMapper().readTree(file.toFile());
        assertEquals("FeatureCollection", json.get("type").asText());
        assertEquals(1, json.get("features").size(), "an untracked detection is no object");
        JsonNode feature = json.get("features").get(0);
        assertEquals("{\"type\":\"Point\",\"coordinates\":[51.25,25.5]}", feature.get("geometry").toString());
        assertEquals("sign", feature.get("properties").get("class_name").asText());
        assertEquals(3, feature.get("properties").get("track_id").asInt());
        assertEquals(1, feature.get("properties").get("frames_seen").asInt());
        assertEquals(List.of(file), Files.list(dir).toList(), "no temporary file stays behind");
    }

    @Test
    void neverReplacesAPublishedMap() throws IOException {
        Path file = run(new Detection("sign", 0.9, new BoundingBox(0, 0, 1, 1), 3));
        String published = Files.readString(file);

        assertThrows(FileAlreadyExistsException.class, () -> run(new Detection("car", 0.5,
                new BoundingBox(0, 0, 1, 1), 1)));

        assertEquals(published, Files.readString(file));
    }
}
