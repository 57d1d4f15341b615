package dev.mlpipeline.video.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.mlpipeline.core.domain.FrameRecord;
import dev.mlpipeline.core.domain.MappedObject;
import dev.mlpipeline.core.port.DetectionsSink;
import dev.mlpipeline.core.service.FileOps;
import dev.mlpipeline.core.service.ObjectMap;
import dev.mlpipeline.core.service.UploadFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The map layer of a run as a GeoJSON FeatureCollection beside its detections file
 * ({@link UploadFolder#objectsBeside}): one Point per tracked object, where it was seen best, with
 * {@code class_name}, {@code track_id}, {@code first_seen} and {@code last_seen} (seconds into the
 * video), {@code frames_seen}, {@code best_confidence}, {@code best_frame} and {@code frame_path}.
 * Written at commit, from an {@link ObjectMap} kept as frames pass, and published with
 * {@link FileOps#publish} (never replacing a file). Thread-safe; each record is not.
 */
public final class GeoJsonObjectsSink implements DetectionsSink {
    private static final JsonFactory JSON = new JsonFactory();

    @Override
    public Record open(Path target, Header header) {
        return new MapRecord(UploadFolder.objectsBeside(target));
    }

    /** The features of {@code objects} written to {@code out}, as one FeatureCollection. */
    public static void write(Iterable<MappedObject> objects, JsonGenerator out) throws IOException {
        out.writeStartObject();
        out.writeStringField("type", "FeatureCollection");
        out.writeArrayFieldStart("features");
        for (MappedObject object : objects) {
            out.writeStartObject();
            out.writeStringField("type", "Feature");
            out.writeObjectFieldStart("geometry");
            out.writeStringField("type", "Point");
            out.writeArrayFieldStart("coordinates");
            out.writeNumber(object.position().lon());
            out.writeNumber(object.position().lat());
            out.writeEndArray();
            out.writeEndObject();
            out.writeObjectFieldStart("properties");
            out.writeStringField("class_name", object.className());
            out.writeNumberField("track_id", object.trackId());
            out.writeNumberField("first_seen", object.firstSeen());
            out.writeNumberField("last_seen", object.lastSeen());
            out.writeNumberField("frames_seen", object.framesSeen());
            out.writeNumberField("best_confidence", object.bestConfidence());
            out.writeNumberField("best_frame", object.bestFrame());
            out.writeStringField("frame_path", object.framePath());
            if (object.position().estimated()) {
                out.writeBooleanField("gps_estimated", true);
            }
            out.writeEndObject();
            out.writeEndObject();
        }
        out.writeEndArray();
        out.writeEndObject();
    }

    private static final class MapRecord implements Record {
        private final Path target;
        private final ObjectMap map = new ObjectMap();
        private boolean committed;

        MapRecord(Path target) {
            this.target = target;
        }

        @Override
        public void frame(FrameRecord frame) {
            map.add(frame, frame.framePath());
        }

        @Override
        public void commit(Summary summary) throws IOException {
            Path temporary = FileOps.temporaryFor(target);
            try {
                try (JsonGenerator out = JSON.createGenerator(Files.newBufferedWriter(temporary))) {
                    write(map.objects(), out);
                }
                FileOps.publish(temporary, target);
                committed = true;
            } finally {
                Files.deleteIfExists(temporary);
            }
        }

        @Override
        public void discardCommitted() throws IOException {
            if (committed) {
                Files.deleteIfExists(target);
            }
        }

        @Override
        public void close() {
        }
    }
}
