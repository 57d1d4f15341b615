package dev.mlpipeline.core.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A video's GPS track, and where each moment of the video was filmed.
 *
 * <p>A timed track (every point has a time) is read by time: a frame {@code t} seconds into the video
 * was filmed at {@code start + offset + t}, where {@code start} is the video's recorded creation time
 * when known, else the track's first time; its position is interpolated between the two points around
 * that instant (latitude, longitude and altitude). A frame more than {@link #EDGE} before the track's
 * first point or after its last has no position; within it, it takes the nearest end.
 *
 * <p>A track with any point lacking a time cannot be read by time: its points are spread evenly over
 * the video's duration and each frame takes the nearest, as the origin did, marked as estimated.
 * Immutable.
 */
public final class GpsTrack {
    /** How far outside the track's time range a frame may be and still take the nearest end. */
    public static final Duration EDGE = Duration.ofSeconds(2);

    private final List<TrackPoint> points;
    private final boolean timed;

    /**
     * A track of {@code points}, given in any order: a timed track sorts them by time.
     *
     * @param points the track's points, at least one; copied
     * @throws IllegalArgumentException when {@code points} is empty
     * @throws NullPointerException when {@code points} is or holds null
     */
    public GpsTrack(List<TrackPoint> points) {
        if (points.isEmpty()) {
            throw new IllegalArgumentException("a track needs at least one point");
        }
        this.timed = points.stream().allMatch(point -> point.time() != null);
        this.points = timed
                ? points.stream().sorted(Comparator.comparing(TrackPoint::time)).toList()
                : List.copyOf(points);
    }

    /** {@return the points, by time for a timed track and otherwise in the order given; unmodifiable} */
    public List<TrackPoint> points() {
        return points;
    }

    /**
     * Whether every point has a time, so that frames are placed by time rather than estimated.
     *
     * @return true when every point has a time
     */
    public boolean timed() {
        return timed;
    }

    /**
     * Where the frame {@code seconds} into the video was filmed. {@code videoStart} is the video's
     * recorded creation time, or null; {@code offset} shifts the video against the track (a camera
     * clock that runs late, say); {@code videoSeconds} is the video's duration, for an untimed track.
     *
     * @param seconds how far into the video the frame is, in seconds
     * @param videoStart the video's recorded creation time, or null to start at the track's first time
     * @param offset how far to shift the video against the track; not null for a timed track
     * @param videoSeconds the video's duration in seconds; 0 or less puts every frame of an untimed track at
     *     its first point
     * @return where the frame was filmed, marked as estimated for an untimed track; empty when a timed
     *     track does not reach the frame's moment within {@link #EDGE}
     */
    public Optional<Position> positionAt(double seconds, Instant videoStart, Duration offset, double videoSeconds) {
        return timed ? byTime(seconds, videoStart, offset) : spreadEvenly(seconds, videoSeconds);
    }

    private Optional<Position> byTime(double seconds, Instant videoStart, Duration offset) {
        Instant start = videoStart != null ? videoStart : points.get(0).time();
        Instant at = start.plus(offset).plusNanos(Math.round(seconds * 1e9));
        TrackPoint first = points.get(0);
        TrackPoint last = points.get(points.size() - 1);
        if (at.isBefore(first.time().minus(EDGE)) || at.isAfter(last.time().plus(EDGE))) {
            return Optional.empty();
        }
        if (!at.isAfter(first.time())) {
            return Optional.of(at(first, at));
        }
        if (!at.isBefore(last.time())) {
            return Optional.of(at(last, at));
        }
        int after = 1;
        while (points.get(after).time().isBefore(at)) {
            after++;
        }
        TrackPoint p0 = points.get(after - 1);
        TrackPoint p1 = points.get(after);
        double span = Duration.between(p0.time(), p1.time()).toNanos();
        double share = span == 0 ? 0 : Duration.between(p0.time(), at).toNanos() / span;
        Double altitude = p0.altitude() == null || p1.altitude() == null ? null
                : p0.altitude() + (p1.altitude() - p0.altitude()) * share;
        return Optional.of(new Position(p0.lat() + (p1.lat() - p0.lat()) * share,
                p0.lon() + (p1.lon() - p0.lon()) * share, altitude, at, false));
    }

    private static Position at(TrackPoint point, Instant time) {
        return new Position(point.lat(), point.lon(), point.altitude(), time, false);
    }

    private Optional<Position> spreadEvenly(double seconds, double videoSeconds) {
        int index = points.size() == 1 || videoSeconds <= 0 ? 0
                : (int) Math.round(Math.max(0, Math.min(1, seconds / videoSeconds)) * (points.size() - 1));
        TrackPoint point = points.get(index);
        return Optional.of(new Position(point.lat(), point.lon(), point.altitude(), null, true));
    }
}
