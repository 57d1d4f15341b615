package dev.mlpipeline.core.service;

import dev.mlpipeline.core.domain.Detection;
import dev.mlpipeline.core.domain.FrameRecord;
import dev.mlpipeline.core.domain.MappedObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The map layer of a video: one point per tracked object, where it was seen best. Fed the frame records
 * in order (their detections carry track ids); an object whose frames have no position is not on the
 * map. Memory grows with the number of objects, not of frames. Not thread-safe.
 */
public final class ObjectMap {
    private final Map<Integer, Seen> tracks = new LinkedHashMap<>();

    /**
     * Takes one frame record; {@code framePath} is its image's URL, or null.
     *
     * @param frame the next frame record, in frame order
     * @param framePath the URL of the frame's image, or null
     */
    public void add(FrameRecord frame, String framePath) {
        for (Detection detection : frame.detections()) {
            if (detection.trackId() == null) {
                continue;
            }
            Seen seen = tracks.computeIfAbsent(detection.trackId(), id -> new Seen(detection.className(),
                    frame.timestampSeconds()));
            seen.frames++;
            seen.last = frame.timestampSeconds();
            if (frame.position() != null && (seen.best == null || detection.confidence() > seen.best.bestConfidence())) {
                seen.best = new MappedObject(detection.className(), detection.trackId(), frame.position(), seen.first,
                        seen.last, 0, detection.confidence(), frame.frameNumber(), framePath);
            }
        }
    }

    /**
     * The objects seen with a position, in the order of their tracks.
     *
     * @return a new list of the objects so far, each where it was seen best; empty when there are none
     */
    public List<MappedObject> objects() {
        List<MappedObject> objects = new ArrayList<>();
        tracks.forEach((id, seen) -> {
            if (seen.best != null) {
                MappedObject best = seen.best;
                objects.add(new MappedObject(best.className(), id, best.position(), seen.first, seen.last,
                        seen.frames, best.bestConfidence(), best.bestFrame(), best.framePath()));
            }
        });
        return objects;
    }

    private static final class Seen {
        private final String className;
        private final double first;
        private double last;
        private int frames;
        private MappedObject best;

        Seen(String className, double first) {
            this.className = className;
            this.first = first;
            this.last = first;
        }
    }
}
