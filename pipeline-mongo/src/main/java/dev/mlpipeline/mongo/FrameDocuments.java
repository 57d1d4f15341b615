package dev.mlpipeline.mongo;

import dev.mlpipeline.core.domain.BoundingBox;
import dev.mlpipeline.core.domain.Detection;
import dev.mlpipeline.core.domain.FrameRecord;
import dev.mlpipeline.core.domain.Position;
import dev.mlpipeline.core.port.FrameQueries;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.Document;

/** Frame records read back from {@code frames} documents, whoever wrote them; a broken one is skipped. */
final class FrameDocuments {
    private static final System.Logger LOG = System.getLogger(FrameDocuments.class.getName());

    private FrameDocuments() {
    }

    static Optional<FrameQueries.Located> read(Document document) {
        try {
            List<Detection> detections = new ArrayList<>();
            for (Object item : document.getList("detections", Object.class, List.of())) {
                if (item instanceof Document detection && detection.get("bbox") instanceof Document box) {
                    Object track = detection.get("track_id");
                    detections.add(new Detection(detection.getString("class_name"), number(detection, "confidence"),
                            new BoundingBox(number(box, "x1"), number(box, "y1"), number(box, "x2"),
                                    number(box, "y2")),
                            track instanceof Number n ? Integer.valueOf(n.intValue()) : null,
                            detection.get("category") instanceof String category ? category : null));
                }
            }
            long micros = Math.round(number(document, "timestamp") * 1_000_000);
            String framePath = document.getString("frame_path");
            FrameRecord frame = new FrameRecord(((Number) document.get("frame_number")).longValue(), micros,
                    detections, document.getString("error"), position(document), framePath);
            return Optional.of(new FrameQueries.Located(frame, framePath));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "skipping unreadable frame record " + document.get("_id") + ": " + e);
            return Optional.empty();
        }
    }

    private static Position position(Document document) {
        if (!(document.get("location") instanceof Document location)) {
            return null;
        }
        List<?> coordinates = location.getList("coordinates", Object.class);
        Object altitude = document.get("altitude");
        Object time = document.get("gpx_timestamp");
        return new Position(((Number) coordinates.get(1)).doubleValue(), ((Number) coordinates.get(0)).doubleValue(),
                altitude instanceof Number n ? n.doubleValue() : null,
                time instanceof String text ? Timestamps.parse(text) : null,
                Boolean.TRUE.equals(document.get("gps_estimated")));
    }

    private static double number(Document document, String key) {
        return ((Number) document.get(key)).doubleValue();
    }
}
