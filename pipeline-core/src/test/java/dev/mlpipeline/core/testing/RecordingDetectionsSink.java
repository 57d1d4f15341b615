package dev.mlpipeline.core.testing;

import dev.mlpipeline.core.domain.FrameRecord;
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
    /** A committed record. */
    public record Committed(Header header, List<FrameRecord> frames, Summary summary) {
    }

    private final Map<Path, Committed> committed = new ConcurrentHashMap<>();

    @Override
    public Record open(Path target, Header header) {
        List<FrameRecord> frames = new ArrayList<>();
        return new Record() {
            @Override
            public void frame(FrameRecord frame) {
                frames.add(frame);
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
