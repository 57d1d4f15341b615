package dev.mlpipeline.core.service;

import dev.mlpipeline.core.domain.BoundingBox;
import dev.mlpipeline.core.domain.Detection;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The per-frame detections of one video, streamed to a temporary file as frames pass (so memory does
 * not grow with the video's length) and moved into place on {@link #commit}. Not thread-safe.
 *
 * <pre>{"video": ..., "fps": ..., "width": ..., "height": ..., "frame_interval": ...,
 *  "confidence_threshold": ..., "frames": [{"frame": 0, "timestamp": 0.0,
 *  "detections": [{"class_name": ..., "confidence": ..., "bbox": {"x1", "y1", "x2", "y2"}}]}, ...],
 *  "summary": {"processed_frames": ..., "failed_frames": ..., "total_detections": ...,
 *  "detection_stats": {...}}}</pre>
 *
 * A frame whose inference failed is listed with an {@code error} and no detections.
 */
final class DetectionsFile implements AutoCloseable {
    private final Path target;
    private final Path temporary;
    private final BufferedWriter out;
    private boolean firstFrame = true;
    private boolean committed;

    private DetectionsFile(Path target, Path temporary, BufferedWriter out) {
        this.target = target;
        this.temporary = temporary;
        this.out = out;
    }

    static DetectionsFile create(Path target, String video, double fps, int width, int height,
            PipelineSettings settings) throws IOException {
        Path temporary = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".part");
        BufferedWriter out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8);
        DetectionsFile file = new DetectionsFile(target, temporary, out);
        out.write("{\"video\": " + JsonText.string(video) + ", \"fps\": " + JsonText.number(fps)
                + ", \"width\": " + width + ", \"height\": " + height
                + ", \"frame_interval\": " + settings.frameInterval()
                + ", \"confidence_threshold\": " + JsonText.number(settings.confidenceThreshold())
                + ",\n \"frames\": [");
        return file;
    }

    void frame(long index, long timestampMicros, List<Detection> detections) throws IOException {
        startFrame(index, timestampMicros);
        out.write(", \"detections\": [");
        for (int i = 0; i < detections.size(); i++) {
            Detection d = detections.get(i);
            BoundingBox b = d.box();
            out.write((i == 0 ? "" : ", ") + "{\"class_name\": " + JsonText.string(d.className())
                    + ", \"confidence\": " + JsonText.number(d.confidence())
                    + ", \"bbox\": {\"x1\": " + JsonText.number(b.x1()) + ", \"y1\": " + JsonText.number(b.y1())
                    + ", \"x2\": " + JsonText.number(b.x2()) + ", \"y2\": " + JsonText.number(b.y2()) + "}}");
        }
        out.write("]}");
    }

    void failedFrame(long index, long timestampMicros, String error) throws IOException {
        startFrame(index, timestampMicros);
        out.write(", \"error\": " + JsonText.string(error) + ", \"detections\": []}");
    }

    private void startFrame(long index, long timestampMicros) throws IOException {
        out.write((firstFrame ? "\n  " : ",\n  ") + "{\"frame\": " + index + ", \"timestamp\": "
                + JsonText.number(timestampMicros / 1_000_000.0));
        firstFrame = false;
    }

    /** Ends the document with the run's totals and moves it into place. */
    void commit(long processedFrames, long failedFrames, long totalDetections, Map<String, Long> perClass)
            throws IOException {
        StringBuilder counts = new StringBuilder();
        perClass.forEach((name, count) ->
                counts.append(counts.length() == 0 ? "" : ", ").append(JsonText.string(name)).append(": ").append(count));
        out.write("\n ],\n \"summary\": {\"processed_frames\": " + processedFrames + ", \"failed_frames\": " + failedFrames
                + ", \"total_detections\": " + totalDetections + ", \"detection_stats\": {" + counts + "}}}\n");
        out.close();
        FileOps.publish(temporary, target);
        committed = true;
    }

    /** Removes the file again: for when the video it describes could not be published. */
    void discardCommitted() throws IOException {
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
            // nothing was published; a stray temporary file is all that can remain
        }
    }
}
