package dev.mlpipeline.core.domain;

/** A box in pixels of the frame it was found in: (x1, y1) top left, (x2, y2) bottom right. */
public record BoundingBox(double x1, double y1, double x2, double y2) {
    public double width() {
        return x2 - x1;
    }

    public double height() {
        return y2 - y1;
    }
}
