package dev.mlpipeline.core.domain;

import java.util.Objects;

/** One object the model found: its class, its confidence in [0, 1] and where it is. */
public record Detection(String className, double confidence, BoundingBox box) {
    public Detection {
        Objects.requireNonNull(className, "className");
        Objects.requireNonNull(box, "box");
    }
}
