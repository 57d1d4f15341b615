package dev.mlpipeline.core.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GpsTrackTest {
    private static final Instant T0 = Instant.parse("2025-03-14T07:21:05Z");
    /** About 111 m per 0.001 degree of latitude: 1 m is 9e-6 degrees. */
    private static final double ONE_METRE = 9e-6;

    private static TrackPoint point(double lat, double lon, Double ele, int secondsAfterT0) {
        return new TrackPoint(lat, lon, ele, T0.plusSeconds(secondsAfterT0));
    }

    private final GpsTrack track = new GpsTrack(List.of(point(25.0, 51.0, 10.0, 0), point(25.001, 51.0, 20.0, 10),
            point(25.001, 51.002, null, 20)));

    @Test
    void aFramesPositionIsInterpolatedBetweenThePointsAroundItsTime() {
        Position quarter = track.positionAt(2.5, null, Duration.ZERO, 30).orElseThrow();

        assertEquals(25.00025, quarter.lat(), ONE_METRE / 10);
        assertEquals(51.0, quarter.lon(), ONE_METRE / 10);
        assertEquals(12.5, quarter.altitude(), 1e-9);
        assertEquals(T0.plusMillis(2500), quarter.gpxTime());
        assertFalse(quarter.estimated());
        Position later = track.positionAt(15, null, Duration.ZERO, 30).orElseThrow();
        assertEquals(51.001, later.lon(), ONE_METRE / 10);
        assertNull(later.altitude(), "no altitude where one end has none");
    }

    @Test
    void aVehicleThatStopsStaysWhereItStoppedWhateverTheFrameCount() {
        GpsTrack stopped = new GpsTrack(List.of(point(25.0, 51.0, null, 0), point(25.0, 51.0, null, 50),
                point(25.001, 51.0, null, 60)));

        assertEquals(25.0, stopped.positionAt(30, null, Duration.ZERO, 60).orElseThrow().lat(), 1e-12,
                "by time, not by spreading the points evenly (which would put 30 s at the second point's half)");
        assertEquals(25.0005, stopped.positionAt(55, null, Duration.ZERO, 60).orElseThrow().lat(), ONE_METRE);
    }

    @Test
    void theVideosCreationTimeAndTheOffsetPlaceTheVideoOnTheTrack() {
        Instant videoStart = T0.plusSeconds(10);

        assertEquals(25.001, track.positionAt(0, videoStart, Duration.ZERO, 30).orElseThrow().lat(), 1e-12);
        assertEquals(51.001, track.positionAt(0, videoStart, Duration.ofSeconds(5), 30).orElseThrow().lon(), 1e-9);
        assertEquals(25.0005, track.positionAt(0, null, Duration.ofSeconds(5), 30).orElseThrow().lat(), 1e-9);
    }

    @Test
    void framesMoreThanTwoSecondsOutsideTheTrackHaveNoPositionAndThoseWithinTakeTheNearestEnd() {
        assertEquals(Optional.empty(), track.positionAt(22.5, null, Duration.ZERO, 30));
        assertEquals(51.002, track.positionAt(21.5, null, Duration.ZERO, 30).orElseThrow().lon(), 1e-12);
        assertEquals(Optional.empty(), track.positionAt(0, T0.minusSeconds(3), Duration.ZERO, 30));
        assertEquals(25.0, track.positionAt(0, T0.minusSeconds(1), Duration.ZERO, 30).orElseThrow().lat(), 1e-12);
    }

    @Test
    void aTrackWithoutTimesIsSpreadEvenlyOverTheVideoAndMarkedEstimated() {
        GpsTrack untimed = new GpsTrack(List.of(new TrackPoint(25.0, 51.0, null, null),
                new TrackPoint(25.1, 51.0, null, null), new TrackPoint(25.2, 51.0, null, null)));

        assertFalse(untimed.timed());
        Position start = untimed.positionAt(0, null, Duration.ZERO, 20).orElseThrow();
        assertTrue(start.estimated());
        assertNull(start.gpxTime());
        assertEquals(25.0, start.lat());
        assertEquals(25.1, untimed.positionAt(9, null, Duration.ZERO, 20).orElseThrow().lat());
        assertEquals(25.2, untimed.positionAt(20, null, Duration.ZERO, 20).orElseThrow().lat());
    }

    @Test
    void pointsAreReadInTimeOrderWhateverTheirOrderInTheFile() {
        GpsTrack shuffled = new GpsTrack(List.of(point(25.001, 51.0, null, 10), point(25.0, 51.0, null, 0)));

        assertEquals(25.0005, shuffled.positionAt(5, null, Duration.ZERO, 10).orElseThrow().lat(), 1e-9);
    }

    @Test
    void refusesCoordinatesOutOfRangeAndAnEmptyTrack() {
        assertThrows(IllegalArgumentException.class, () -> new TrackPoint(91, 0, null, null));
        assertThrows(IllegalArgumentException.class, () -> new TrackPoint(0, -181, null, null));
        assertThrows(IllegalArgumentException.class, () -> new TrackPoint(Double.NaN, 0, null, null));
        assertThrows(IllegalArgumentException.class, () -> new GpsTrack(List.of()));
    }
}
