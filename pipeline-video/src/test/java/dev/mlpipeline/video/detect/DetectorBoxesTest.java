package dev.mlpipeline.video.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlpipeline.core.domain.BoundingBox;
import dev.mlpipeline.core.domain.Detection;
import dev.mlpipeline.core.port.InferenceException;
import dev.mlpipeline.core.port.VideoFrame;
import org.bytedeco.opencv.opencv_core.Rect;
import org.junit.jupiter.api.Test;

class DetectorBoxesTest {
    private static final VideoFrame FRAME = DetectorTestImages.plain(200, 100, 0);

    @Test
    void mapsABoxFoundOnAScaledCopyBackToTheFrame() {
        try (Rect found = new Rect(10, 20, 30, 40)) {
            Detection d = DetectorBoxes.detection("person", 0.7, found, 0.5, FRAME);

            assertEquals(new BoundingBox(20, 40, 80, 100), d.box()); // 120 at full size, cut at the bottom edge
        }
    }

    @Test
    void clampsBoxesToTheFrameAndConfidencesToZeroOne() {
        try (Rect found = new Rect(-5, -5, 300, 300)) {
            Detection d = DetectorBoxes.detection("face", 1.5, found, 1, FRAME);

            assertEquals(new BoundingBox(0, 0, 200, 100), d.box());
            assertEquals(1, d.confidence());
            assertEquals(0, DetectorBoxes.detection("face", -1, found, 1, FRAME).confidence());
        }
    }

    @Test
    void reportsAnOpenCvErrorAsAFailureThatRetryingWillNotFix() {
        RuntimeException cause = new RuntimeException("OpenCV(4.13.0) error: (-215:Assertion failed)");

        InferenceException e = DetectorBoxes.failure("local:people", FRAME, cause);

        assertFalse(e.retryable());
        assertSame(cause, e.getCause());
        assertTrue(e.getMessage().contains("local:people") && e.getMessage().contains("200x100"), e.getMessage());
    }
}
