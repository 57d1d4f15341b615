package dev.mlpipeline.core.testing;

import dev.mlpipeline.core.domain.Detection;
import dev.mlpipeline.core.port.AnnotatedVideoSink;
import dev.mlpipeline.core.port.VideoFrame;
import dev.mlpipeline.core.port.VideoInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** An {@link AnnotatedVideoSink} that keeps, per committed output, what was written to it. */
public class RecordingVideoSink implements AnnotatedVideoSink {
    /** One frame as it was handed to the sink. */
    public record Written(long frameIndex, List<Detection> detections) {
    }

    private final Map<Path, List<Written>> committed = new ConcurrentHashMap<>();

    @Override
    public Writer create(Path source, Path output, VideoInfo info) {
        List<Written> frames = new ArrayList<>();
        return new Writer() {
            @Override
            public void write(VideoFrame frame, List<Detection> detections) {
                frames.add(new Written(frame.index(), List.copyOf(detections)));
            }

            @Override
            public void commit() {
                committed.put(output, List.copyOf(frames));
            }

            @Override
            public void close() {
            }
        };
    }

    /** The frames of a committed output; empty when nothing was committed there. */
    public List<Written> committed(Path output) {
        return committed.getOrDefault(output, List.of());
    }
}
