package dev.mlpipeline.core.domain;

/**
 * A box in pixels of the frame it was found in: (x1, y1) top left, (x2, y2) bottom right. Immutable; the
 * corners are not checked, so a box may be empty or inverted.
 *
 * @param x1 the left edge, in pixels from the frame's left side
 * @param y1 the top edge, in pixels from the frame's top
 * @param x2 the right edge
 * @param y2 the bottom edge
 */
public record BoundingBox(double x1, double y1, double x2, double y2) {
    /** {@return the width, {@code x2 - x1}: negative for an inverted box} */
    public double width() {
        return x2 - x1;
    }

    /** {@return the height, {@code y2 - y1}: negative for an inverted box} */
    public double height() {
        return y2 - y1;
    }

    /** {@return the area in square pixels; 0 for an empty or inverted box} */
    public double area() {
        return Math.max(0, width()) * Math.max(0, height());
    }

    /**
     * Intersection over union: 0 for boxes apart, 1 for the same box.
     *
     * @param other the box to compare with, not null
     * @return the area the boxes share over the area they cover together, in [0, 1]; 0 when together they
     *     cover no area
     */
    public double iou(BoundingBox other) {
        double overlap = new BoundingBox(Math.max(x1, other.x1), Math.max(y1, other.y1), Math.min(x2, other.x2),
                Math.min(y2, other.y2)).area();
        double union = area() + other.area() - overlap;
        return union <= 0 ? 0 : overlap / union;
    }
}
