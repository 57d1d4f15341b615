package dev.mlpipeline.core.domain;

import java.time.Instant;

/**
 * One point of a GPS track: where the camera was, and when when the track says so. {@code time} and
 * {@code altitude} are null when the track does not give them. Immutable.
 *
 * @param lat the latitude, in degrees
 * @param lon the longitude, in degrees
 * @param altitude the altitude as the track gives it, or null
 * @param time when the camera was there, or null
 */
public record TrackPoint(double lat, double lon, Double altitude, Instant time) {
    /**
     * Checks that the point is on the globe.
     *
     * @param lat the latitude, within -90 to 90
     * @param lon the longitude, within -180 to 180
     * @param altitude the altitude, finite, or null
     * @param time when the camera was there, or null
     * @throws IllegalArgumentException when a coordinate is out of its range or not a number
     */
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
