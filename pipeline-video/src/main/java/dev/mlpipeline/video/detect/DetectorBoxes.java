package dev.mlpipeline.video.detect;

import dev.mlpipeline.core.domain.BoundingBox;
import dev.mlpipeline.core.domain.Detection;
import dev.mlpipeline.core.port.InferenceException;
import dev.mlpipeline.core.port.VideoFrame;
import org.bytedeco.opencv.opencv_core.Rect;

/** What the local detectors share: boxes mapped back to the frame, confidences kept in [0, 1], errors typed. */
final class DetectorBoxes {
    private DetectorBoxes() {
    }

    /**
     * A detection for a rectangle found on a copy of the frame resized by {@code scale}, with its box
     * in pixels of the frame itself and clamped to it.
     */
    static Detection detection(String className, double confidence, Rect found, double scale, VideoFrame frame) {
        double x1 = clamp(found.x() / scale, frame.width());
        double y1 = clamp(found.y() / scale, frame.height());
        double x2 = clamp((found.x() + found.width()) / scale, frame.width());
        double y2 = clamp((found.y() + found.height()) / scale, frame.height());
        return new Detection(className, clamp(confidence, 1), new BoundingBox(x1, y1, x2, y2));
    }

    static InferenceException failure(String detector, VideoFrame frame, RuntimeException cause) {
        // the same frame would fail the same way again: nothing transient about a local model
        return new InferenceException(detector + " could not analyse frame " + frame.index() + " ("
                + frame.width() + "x" + frame.height() + "): " + cause.getMessage(), false, cause);
    }

    private static double clamp(double value, double max) {
        return Double.isNaN(value) ? 0 : Math.max(0, Math.min(max, value));
    }
}
