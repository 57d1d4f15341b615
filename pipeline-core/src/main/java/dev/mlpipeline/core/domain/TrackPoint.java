package dev.mlpipeline.core.domain;

import java.time.Instant;

/**
 * One point of a GPS track: where the camera was, and when when the track says so. {@code time} and
 * {@code altitude} are null when the track does not give them.
 */
public record TrackPoint(double lat, double lon, Double altitude, Instant time) {
    public TrackPoint {
        if (!(lat >= -90 && lat <= 90)) {
            throw new IllegalArgumentException("latitude " + lat + " is not within -90..90");
        }
        if (!(lon >= -180 && lon <= 180)) {
            throw new IllegalArgumentException("longitude " + lon + " is not within -180..180");
        }
        if (altitude != null && !Double.isFinite(altitude)) {
            throw new IllegalArgumentException("altitude " + altitude + " is not a number");
        }
    }
}
