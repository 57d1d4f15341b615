package dev.mlpipeline.core.service;

import dev.mlpipeline.core.domain.Detection;
import dev.mlpipeline.core.port.AnnotatedVideoSink;
import dev.mlpipeline.core.port.VideoFrame;
import dev.mlpipeline.core.port.VideoInfo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One annotated video per model category, written from the same decode as the run's main video: each
 * frame goes to every category's writer with only that category's boxes. Published with the main
 * video; closed unpublished otherwise. Used by one run's encoding thread.
 */
final class CategoryVideos implements AutoCloseable {
    private final Map<String, AnnotatedVideoSink.Writer> writers = new LinkedHashMap<>();
    private final Map<String, Path> outputs = new LinkedHashMap<>();

    /** Writers for {@code categories}, beside {@code video}: {@code annotated_<stem>.<category>.mp4}. */
    CategoryVideos(List<String> categories, AnnotatedVideoSink sink, Path input, Path video, VideoInfo info)
            throws IOException {
        try {
            for (String category : categories) {
                Path output = UploadFolder.categoryVideo(video, category);
                writers.put(category, sink.create(input, output, info));
                outputs.put(category, output);
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    void write(VideoFrame frame, List<Detection> detections) throws IOException {
        for (Map.Entry<String, AnnotatedVideoSink.Writer> writer : writers.entrySet()) {
            writer.getValue().write(frame, detections.stream()
                    .filter(detection -> writer.getKey().equals(detection.category()))
                    .toList());
        }
    }

    /** Publishes every category's video; where each went. */
    Map<String, Path> commit() throws IOException {
        for (AnnotatedVideoSink.Writer writer : writers.values()) {
            writer.commit();
        }
        return outputs;
    }

    @Override
    public void close() {
        for (AnnotatedVideoSink.Writer writer : writers.values()) {
            try {
                writer.close();
            } catch (RuntimeException e) {
                // one writer that cannot be closed must not keep the others open
            }
        }
    }
}
