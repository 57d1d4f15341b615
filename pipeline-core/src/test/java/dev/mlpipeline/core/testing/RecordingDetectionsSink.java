package dev.mlpipeline.core.testing;

import dev.mlpipeline.core.domain.Detection;
import dev.mlpipeline.core.port.DetectionsSink;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link DetectionsSink} that keeps, per committed target, what was recorded, and refuses to commit a
 * target twice, as a real sink refuses to replace a published record.
 */
public class RecordingDetectionsSink implements DetectionsSink {
    /** One sampled frame as it was recorded: its detections, or the error of its failed inference. */
    public record Entry(long frameIndex, List<Detection> detections, String error) {
    }

    /** A committed record. */
    public record Committed(Header header, List<Entry> frames, Summary summary) {
    }

    private final Map<Path, Committed> committed = new ConcurrentHashMap<>();

    @Override
    public Record open(Path target, Header header) {
        List<Entry> frames = new ArrayList<>();
        return new Record() {
            @Override
            public void frame(long index, long timestampMicros, List<Detection> detections) {
                frames.add(new Entry(index, List.copyOf(detections), null));
            }

            @Override
            public void failedFrame(long index, long timestampMicros, String error) {
                frames.add(new Entry(index, List.of(), error));
            }

            @Override
            public void commit(Summary summary) throws FileAlreadyExistsException {
                if (committed.putIfAbsent(target, new Committed(header, List.copyOf(frames), summary)) != null) {
                    throw new FileAlreadyExistsException(target.toString());
                }
            }

            @Override
            public void discardCommitted() {
                committed.remove(target);
            }

            @Override
            public void close() {
            }
        };
    }

    /** The record committed at {@code target}, or null. */
    public Committed committed(Path target) {
        return committed.get(target);
    }
}
