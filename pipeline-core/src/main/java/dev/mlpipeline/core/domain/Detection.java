package dev.mlpipeline.core.domain;

import java.util.Objects;

/**
 * One object the model found: its class, its confidence in [0, 1] and where it is; {@code trackId} is
 * the object's track across the video's frames (null until a tracker linked it); {@code category} is
 * the model that found it when several run on each frame ({@code lighting}, {@code pavement}, ...),
 * null with one model. Immutable.
 *
 * @param className the class the model gave the object, such as {@code car}
 * @param confidence how sure the model is, in [0, 1]
 * @param box where the object is, in pixels of its frame
 * @param trackId the object's track across the video's frames, or null until a tracker linked it
 * @param category the model that found it when several run on each frame, or null with one model
 */
public record Detection(String className, double confidence, BoundingBox box, Integer trackId, String category) {
    /**
     * Checks the parts.
     *
     * @param className the object's class, not null
     * @param confidence how sure the model is (not checked)
     * @param box where the object is, not null
     * @param trackId the object's track, or null
     * @param category the model that found it, or null
     * @throws NullPointerException when {@code className} or {@code box} is null
     */
    public Detection {
        Objects.requireNonNull(className, "className");
        Objects.requireNonNull(box, "box");
    }

    /**
     * A detection on its own, not linked to a track, from the only model.
     *
     * @param className the object's class, not null
     * @param confidence how sure the model is, in [0, 1]
     * @param box where the object is, not null
     * @throws NullPointerException when {@code className} or {@code box} is null
     */
    public Detection(String className, double confidence, BoundingBox box) {
        this(className, confidence, box, null, null);
    }

    /**
     * A detection from the only model, on track {@code trackId} (or none).
     *
     * @param className the object's class, not null
     * @param confidence how sure the model is, in [0, 1]
     * @param box where the object is, not null
     * @param trackId the object's track, or null for none
     * @throws NullPointerException when {@code className} or {@code box} is null
     */
    public Detection(String className, double confidence, BoundingBox box, Integer trackId) {
        this(className, confidence, box, trackId, null);
    }

    /**
     * The same detection on track {@code id}.
     *
     * @param id the track's id
     * @return a new detection that differs only in its track
     */
    public Detection onTrack(int id) {
        return new Detection(className, confidence, box, id, category);
    }

    /**
     * The same detection in another place, as a track predicts it between two samples.
     *
     * @param to the new box, not null
     * @return a new detection that differs only in its box
     * @throws NullPointerException when {@code to} is null
     */
    public Detection movedTo(BoundingBox to) {
        return new Detection(className, confidence, to, trackId, category);
    }

    /**
     * The same detection, found by the model of {@code category}.
     *
     * @param category the model's category, or null for the only model
     * @return a new detection that differs only in its category
     */
    public Detection inCategory(String category) {
        return new Detection(className, confidence, box, trackId, category);
    }
}
