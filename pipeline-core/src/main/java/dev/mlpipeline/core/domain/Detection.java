package dev.mlpipeline.core.domain;

import java.util.Objects;

/**
 * One object the model found: its class, its confidence in [0, 1] and where it is; {@code trackId} is
 * the object's track across the video's frames (null until a tracker linked it).
 */
public record Detection(String className, double confidence, BoundingBox box, Integer trackId) {
    public Detection {
        Objects.requireNonNull(className, "className");
        Objects.requireNonNull(box, "box");
    }

    /** A detection on its own, not linked to a track. */
    public Detection(String className, double confidence, BoundingBox box) {
        this(className, confidence, box, null);
    }

    /** The same detection on track {@code id}. */
    public Detection onTrack(int id) {
        return new Detection(className, confidence, box, id);
    }

    /** The same detection in another place, as a track predicts it between two samples. */
    public Detection movedTo(BoundingBox to) {
        return new Detection(className, confidence, to, trackId);
    }
}
