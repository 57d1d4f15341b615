package dev.mlpipeline.video.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.mlpipeline.core.domain.BoundingBox;
import dev.mlpipeline.core.domain.Detection;
import dev.mlpipeline.core.domain.FrameRecord;
import dev.mlpipeline.core.domain.Position;
import dev.mlpipeline.core.port.DetectionsSink;
import dev.mlpipeline.core.service.FileOps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The detections record as a JSON file beside the annotated video, streamed to a temporary file as
 * frames pass and published with {@link FileOps#publish} on commit (never replacing a file):
 *
 * <pre>{"video": ..., "fps": ..., "width": ..., "height": ..., "frame_interval": ...,
 *  "confidence_threshold": ..., "frames": [{"frame": 0, "timestamp": 0.0,
 *  "detections": [{"class_name": ..., "confidence": ..., "bbox": {"x1", "y1", "x2", "y2"}}]}, ...],
 *  "summary": {"processed_frames": ..., "failed_frames": ..., "total_detections": ...,
 *  "detection_stats": {...}}}</pre>
 *
 * A frame whose inference failed is listed with an {@code error} and no detections. A frame placed on
 * the video's GPS track has {@code location} (GeoJSON, {@code [lon, lat]}), {@code altitude} and
 * {@code gpx_timestamp} when known, and {@code gps_estimated} when its track had no times. A number
 * that is not finite is written as {@code null}, as JSON has no NaN. Thread-safe; each record is not.
 */
public final class JsonDetectionsSink implements DetectionsSink {
    private static final JsonFactory JSON = new JsonFactory();

    @Override
    public Record open(Path target, Header header) throws IOException {
        Path temporary = FileOps.temporaryFor(target);
        JsonGenerator out = JSON.createGenerator(Files.newBufferedWriter(temporary));
        try {
            out.writeStartObject();
            out.writeStringField("video", header.video());
            number(out, "fps", header.fps());
            out.writeNumberField("width", header.width());
            out.writeNumberField("height", header.height());
            out.writeNumberField("frame_interval", header.frameInterval());
            number(out, "confidence_threshold", header.confidenceThreshold());
            out.writeArrayFieldStart("frames");
        } catch (IOException | RuntimeException e) {
            out.close();
            Files.deleteIfExists(temporary);
            throw e;
        }
        return new JsonRecord(target, temporary, out);
    }

    private static void number(JsonGenerator out, String name, double value) throws IOException {
        if (Double.isFinite(value)) {
            out.writeNumberField(name, value);
        } else {
            out.writeNullField(name);
        }
    }

    private static final class JsonRecord implements Record {
        private final Path target;
        private final Path temporary;
        private final JsonGenerator out;
        private boolean committed;

        JsonRecord(Path target, Path temporary, JsonGenerator out) {
            this.target = target;
            this.temporary = temporary;
            this.out = out;
        }

        @Override
        public void frame(FrameRecord frame) throws IOException {
            out.writeStartObject();
            out.writeNumberField("frame", frame.frameNumber());
            out.writeNumberField("timestamp", frame.timestampSeconds());
            if (frame.error() != null) {
                out.writeStringField("error", frame.error());
            }
            if (frame.framePath() != null) {
                out.writeStringField("frame_path", frame.framePath());
            }
            Position position = frame.position();
            if (position != null) {
                out.writeObjectFieldStart("location");
                out.writeStringField("type", "Point");
                out.writeArrayFieldStart("coordinates");
                out.writeNumber(position.lon());
                out.writeNumber(position.lat());
                out.writeEndArray();
                out.writeEndObject();
                if (position.altitude() != null) {
                    out.writeNumberField("altitude", position.altitude());
                }
                if (position.gpxTime() != null) {
                    out.writeStringField("gpx_timestamp", position.gpxTime().toString());
                }
                if (position.estimated()) {
                    out.writeBooleanField("gps_estimated", true);
                }
            }
            out.writeArrayFieldStart("detections");
            for (Detection detection : frame.detections()) {
                write(detection);
            }
            out.writeEndArray();
            Map<String, List<Detection>> byCategory = new LinkedHashMap<>();
            for (Detection detection : frame.detections()) {
                if (detection.category() != null) {
                    byCategory.computeIfAbsent(detection.category(), category -> new ArrayList<>()).add(detection);
                }
            }
            if (!byCategory.isEmpty()) {
                // as the main backend keeps a frame's results when several models run
                out.writeObjectFieldStart("detections_by_category");
                for (Map.Entry<String, List<Detection>> group : byCategory.entrySet()) {
                    out.writeArrayFieldStart(group.getKey());
                    for (Detection detection : group.getValue()) {
                        write(detection);
                    }
                    out.writeEndArray();
                }
                out.writeEndObject();
            }
            out.writeEndObject();
        }

        private void write(Detection detection) throws IOException {
            BoundingBox box = detection.box();
            out.writeStartObject();
            out.writeStringField("class_name", detection.className());
            if (detection.category() != null) {
                out.writeStringField("category", detection.category());
            }
            if (detection.trackId() != null) {
                out.writeNumberField("track_id", detection.trackId());
            }
            number(out, "confidence", detection.confidence());
            out.writeObjectFieldStart("bbox");
            number(out, "x1", box.x1());
            number(out, "y1", box.y1());
            number(out, "x2", box.x2());
            number(out, "y2", box.y2());
            out.writeEndObject();
            out.writeEndObject();
        }

        @Override
        public void commit(Summary summary) throws IOException {
            out.writeEndArray();
            out.writeObjectFieldStart("summary");
            out.writeNumberField("processed_frames", summary.processedFrames());
            out.writeNumberField("failed_frames", summary.failedFrames());
            out.writeNumberField("total_detections", summary.totalDetections());
            out.writeObjectFieldStart("detection_stats");
            for (var perClass : summary.perClass().entrySet()) {
                out.writeNumberField(perClass.getKey(), perClass.getValue());
            }
            out.writeEndObject();
            out.writeEndObject();
            out.writeEndObject();
            out.close();
            FileOps.publish(temporary, target);
            committed = true;
        }

        @Override
        public void discardCommitted() throws IOException {
            if (committed) {
                Files.deleteIfExists(target);
            }
        }

        @Override
        public void close() {
            try {
                out.close();
                if (!committed) {
                    Files.deleteIfExists(temporary);
                }
            } catch (IOException e) {
                // nothing was published; a stray temporary file is all that can remain, for the Janitor
            }
        }
    }
}
