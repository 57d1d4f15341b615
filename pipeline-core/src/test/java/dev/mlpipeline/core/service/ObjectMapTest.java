package dev.mlpipeline.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mlpipeline.core.domain.BoundingBox;
import dev.mlpipeline.core.domain.Detection;
import dev.mlpipeline.core.domain.FrameRecord;
import dev.mlpipeline.core.domain.MappedObject;
import dev.mlpipeline.core.domain.Position;
import java.util.List;
import org.junit.jupiter.api.Test;

class ObjectMapTest {
    private static final BoundingBox BOX = new BoundingBox(0, 0, 10, 10);

    private static FrameRecord frame(long number, Position where, Detection... detections) {
        return new FrameRecord(number, number * 100_000, List.of(detections), null, where);
    }

    private static Position at(double lat) {
        return new Position(lat, 51.0, null, null, false);
    }

    @Test
    void eachTrackIsOnePointWhereItWasSeenBest() {
        ObjectMap map = new ObjectMap();
        map.add(frame(0, at(25.0), new Detection("sign", 0.5, BOX, 1)), "/uploads/frames/f0.jpg");
        map.add(frame(3, at(25.1), new Detection("sign", 0.9, BOX, 1), new Detection("pothole", 0.4, BOX, 2)), null);
        map.add(frame(6, at(25.2), new Detection("sign", 0.7, BOX, 1)), null);

        List<MappedObject> objects = map.objects();

        assertEquals(List.of(new MappedObject("sign", 1, at(25.1), 0.0, 0.6, 3, 0.9, 3, null),
                new MappedObject("pothole", 2, at(25.1), 0.3, 0.3, 1, 0.4, 3, null)), objects);
    }

    @Test
    void anObjectNeverSeenWithAPositionIsNotOnTheMap() {
        ObjectMap map = new ObjectMap();
        map.add(frame(0, null, new Detection("sign", 0.9, BOX, 1)), null);
        map.add(frame(3, at(25.0), new Detection("sign", 0.2, BOX, 1), new Detection("car", 0.9, BOX)), null);

        assertEquals(List.of(new MappedObject("sign", 1, at(25.0), 0.0, 0.3, 2, 0.2, 3, null)), map.objects(),
                "its best detection with a position; an untracked detection is not an object");
    }
}
