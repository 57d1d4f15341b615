package dev.mlpipeline.core.domain;

/**
 * One tracked object on the map: where it was seen best (its most confident detection that has a
 * position), with its class and track, when it was first and last seen (seconds into the video), on how
 * many sampled frames, and that best frame's number and image ({@code framePath}, null without one).
 * Immutable.
 *
 * @param className the object's class
 * @param trackId the object's track
 * @param position where it was seen best
 * @param firstSeen when it was first seen, in seconds into the video
 * @param lastSeen when it was last seen, in seconds into the video
 * @param framesSeen on how many sampled frames it was seen
 * @param bestConfidence the confidence of its best detection
 * @param bestFrame the number of the frame of its best detection
 * @param framePath the URL of that frame's image, or null when none was saved
 */
public record MappedObject(String className, int trackId, Position position, double firstSeen, double lastSeen,
        int framesSeen, double bestConfidence, long bestFrame, String framePath) {
}
