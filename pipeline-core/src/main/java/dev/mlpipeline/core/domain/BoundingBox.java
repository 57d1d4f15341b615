package dev.mlpipeline.core.domain;

/** A box in pixels of the frame it was found in: (x1, y1) top left, (x2, y2) bottom right. */
public record BoundingBox(double x1, double y1, double x2, double y2) {
    public double width() {
        return x2 - x1;
    }

    public double height() {
        return y2 - y1;
    }

    public double area() {
        return Math.max(0, width()) * Math.max(0, height());
    }

    /** Intersection over union: 0 for boxes apart, 1 for the same box. */
    public double iou(BoundingBox other) {
        double overlap = new BoundingBox(Math.max(x1, other.x1), Math.max(y1, other.y1), Math.min(x2, other.x2),
                Math.min(y2, other.y2)).area();
        double union = area() + other.area() - overlap;
        return union <= 0 ? 0 : overlap / union;
    }
}
