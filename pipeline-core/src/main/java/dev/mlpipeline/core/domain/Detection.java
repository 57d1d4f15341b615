package dev.mlpipeline.core.domain;

import java.util.Objects;

/**
 * One object the model found: its class, its confidence in [0, 1] and where it is; {@code trackId} is
 * the object's track across the video's frames (null until a tracker linked it); {@code category} is
 * the model that found it when several run on each frame ({@code lighting}, {@code pavement}, ...),
 * null with one model.
 */
public record Detection(String className, double confidence, BoundingBox box, Integer trackId, String category) {
    public Detection {
        Objects.requireNonNull(className, "className");
        Objects.requireNonNull(box, "box");
    }

    /** A detection on its own, not linked to a track, from the only model. */
    public Detection(String className, double confidence, BoundingBox box) {
        this(className, confidence, box, null, null);
    }

    /** A detection from the only model, on track {@code trackId} (or none). */
    public Detection(String className, double confidence, BoundingBox box, Integer trackId) {
        this(className, confidence, box, trackId, null);
    }

    /** The same detection on track {@code id}. */
    public Detection onTrack(int id) {
        return new Detection(className, confidence, box, id, category);
    }

    /** The same detection in another place, as a track predicts it between two samples. */
    public Detection movedTo(BoundingBox to) {
        return new Detection(className, confidence, to, trackId, category);
    }

    /** The same detection, found by the model of {@code category}. */
    public Detection inCategory(String category) {
        return new Detection(className, confidence, box, trackId, category);
    }
}
