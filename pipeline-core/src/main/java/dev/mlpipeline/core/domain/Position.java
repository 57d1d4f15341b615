package dev.mlpipeline.core.domain;

import java.time.Instant;

/**
 * Where a frame was filmed: {@code altitude} is null when the track has none; {@code gpxTime} is the
 * track's time at that moment (null for an estimate); {@code estimated} is true when the track had no
 * times and its points were spread evenly over the video, as the origin did. Immutable.
 *
 * @param lat the latitude, in degrees
 * @param lon the longitude, in degrees
 * @param altitude the altitude as the track gives it, or null when the track has none
 * @param gpxTime the track's time at that moment, or null for an estimate
 * @param estimated true when the position was estimated from an untimed track
 */
public record Position(double lat, double lon, Double altitude, Instant gpxTime, boolean estimated) {
}
