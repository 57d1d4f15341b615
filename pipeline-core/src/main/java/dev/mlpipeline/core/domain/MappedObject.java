package dev.mlpipeline.core.domain;

/**
 * One tracked object on the map: where it was seen best (its most confident detection that has a
 * position), with its class and track, when it was first and last seen (seconds into the video), on how
 * many sampled frames, and that best frame's number and image ({@code framePath}, null without one).
 */
public record MappedObject(String className, int trackId, Position position, double firstSeen, double lastSeen,
        int framesSeen, double bestConfidence, long bestFrame, String framePath) {
}
