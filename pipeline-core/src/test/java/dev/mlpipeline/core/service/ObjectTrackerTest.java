package dev.mlpipeline.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mlpipeline.core.domain.BoundingBox;
import dev.mlpipeline.core.domain.Detection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ObjectTrackerTest {
    private final ObjectTracker tracker = new ObjectTracker(TrackingPolicy.defaults());

    private static Detection at(String name, double x, double y) {
        return new Detection(name, 0.9, new BoundingBox(x, y, x + 40, y + 40));
    }

    private List<Integer> ids(long frame, Detection... detections) {
        return tracker.sample(frame, List.of(detections)).stream().map(Detection::trackId).toList();
    }

    @Test
    void anObjectSeenOnFortySampledFramesCountsOnce() {
        List<Integer> seen = new ArrayList<>();
        for (int sample = 0; sample < 40; sample++) {
            seen.addAll(ids(sample * 3L, at("pothole", 10 + sample * 6, 100)));
        }

        assertEquals(List.of(1), seen.stream().distinct().toList());
        assertEquals(Map.of("pothole", 1L), tracker.uniqueCounts());
    }

    @Test
    void objectsApartOrOfAnotherClassAreOtherObjects() {
        assertEquals(List.of(1, 2, 3), ids(0, at("sign", 0, 0), at("sign", 300, 0), at("pothole", 0, 0)));
        assertEquals(List.of(1, 2, 3), ids(3, at("sign", 4, 0), at("sign", 304, 0), at("pothole", 2, 0)));
        assertEquals(Map.of("sign", 2L, "pothole", 1L), tracker.uniqueCounts());
    }

    @Test
    void twoObjectsThatCrossKeepTheirTracksByTheirMotion() {
        // two cars at the same height, one driving right and one left, 20 px a sample: they meet at sample 5
        for (int sample = 0; sample <= 10; sample++) {
            List<Detection> found = tracker.sample(sample * 3L, List.of(at("car", 100 + 20 * sample, 50),
                    at("car", 300 - 20 * sample, 50)));
            if (sample != 5) {
                assertEquals(List.of(1, 2), found.stream().map(Detection::trackId).toList(), "sample " + sample);
            }
        }
        assertEquals(Map.of("car", 2L), tracker.uniqueCounts());
    }

    @Test
    void anObjectThatTurnsBackAtAWallKeepsItsTrack() {
        // 20 px a sample to the right, then back: at the turn its velocity puts it 40 px from where it is
        List<Integer> seen = new ArrayList<>();
        for (int sample = 0; sample <= 10; sample++) {
            int x = sample <= 5 ? 100 + 20 * sample : 200 - 20 * (sample - 5);
            seen.addAll(ids(sample * 3L, at("car", x, 50)));
        }

        assertEquals(List.of(1), seen.stream().distinct().toList());
        assertEquals(Map.of("car", 1L), tracker.uniqueCounts());
    }

    @Test
    void aCarThatStopsWhileMissedKeepsItsTrack() {
        for (int sample = 0; sample <= 3; sample++) {
            ids(sample * 3L, at("car", 100 + 20 * sample, 50));
        }
        ids(12);
        ids(15);

        assertEquals(List.of(1), ids(18, at("car", 165, 50)), "stopped just past where it was last seen");
    }

    @Test
    void crossingCarsStillGoByTheirMotionFirst() {
        // at sample 6 each car's last box overlaps both cars alike; their motion tells them apart
        for (int sample = 0; sample <= 4; sample++) {
            ids(sample * 3L, at("car", 100 + 20 * sample, 50), at("car", 300 - 20 * sample, 50));
        }
        ids(15, at("car", 200, 50));

        assertEquals(List.of(1, 2), ids(18, at("car", 220, 50), at("car", 180, 50)));
    }

    @Test
    void anObjectMissedForUpToTheGapKeepsItsTrackAndLongerStartsAnother() {
        ids(0, at("sign", 100, 100));
        ids(3);
        ids(6);
        assertEquals(List.of(1), ids(9, at("sign", 100, 100)), "missed on two samples: the same sign");
        ids(12);
        ids(15);
        ids(18);
        assertEquals(List.of(2), ids(21, at("sign", 100, 100)), "missed on three: a new track");
        assertEquals(Map.of("sign", 2L), tracker.uniqueCounts());
    }

    @Test
    void betweenSamplesBoxesMoveWithTheirTrack() {
        tracker.sample(0, List.of(at("car", 100, 50)));
        tracker.sample(3, List.of(at("car", 112, 50)));

        List<Detection> between = tracker.between(4);

        assertEquals(1, between.size());
        assertEquals(new BoundingBox(116, 50, 156, 90), between.get(0).box(), "4 px a frame, as between 0 and 3");
        assertEquals(1, between.get(0).trackId());
        tracker.sample(6, List.of());
        assertEquals(List.of(), tracker.between(7), "a track not seen at the last sample is not drawn");
    }

    @Test
    void aDetectionKeepsItsClassConfidenceAndBox() {
        Detection sign = new Detection("sign", 0.42, new BoundingBox(1, 2, 3, 4));

        Detection tracked = tracker.sample(0, List.of(sign)).get(0);

        assertEquals(new Detection("sign", 0.42, new BoundingBox(1, 2, 3, 4), 1), tracked);
        assertNotEquals(sign, tracked);
    }

    @Test
    void refusesAPolicyThatCannotMatch() {
        assertThrows(IllegalArgumentException.class, () -> new TrackingPolicy(0, 2));
        assertThrows(IllegalArgumentException.class, () -> new TrackingPolicy(0.3, -1));
    }
}
