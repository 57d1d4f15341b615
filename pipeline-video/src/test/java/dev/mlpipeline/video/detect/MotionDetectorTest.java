package dev.mlpipeline.video.detect;

import static dev.mlpipeline.video.detect.DetectorTestImages.iou;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlpipeline.core.domain.BoundingBox;
import dev.mlpipeline.core.domain.Detection;
import dev.mlpipeline.core.port.InferenceClient;
import dev.mlpipeline.core.port.VideoFrame;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MotionDetectorTest {
    private static final int WIDTH = 320;
    private static final int HEIGHT = 240;
    private static final byte[] BACKGROUND = texturedBackground();

    @Test
    void findsAMovingRectangleOnAStaticBackground() {
        MotionDetector detector = new MotionDetector();
        for (int i = 0; i < 12; i++) {
            detector.detect(frame(i, rectangleAt(i)));
        }
        BoundingBox truth = rectangleAt(12);

        List<Detection> found = detector.detect(frame(12, truth));

        assertEquals(1, found.size(), () -> "one moving region expected, got " + found);
        Detection moving = found.get(0);
        assertEquals("moving_object", moving.className());
        assertTrue(iou(moving.box(), truth) > 0.5, () -> moving.box() + " should overlap the rectangle at " + truth);
        assertTrue(moving.confidence() > 0.5 && moving.confidence() <= 1, () -> "a solid object fills its box: " + moving);
    }

    @Test
    void reportsNothingOnIdenticalStaticFrames() {
        MotionDetector detector = new MotionDetector();
        for (int i = 0; i < 10; i++) {
            assertEquals(List.of(), detector.detect(frame(i, null)), "frame " + i);
        }
    }

    @Test
    void ignoresMovingSpecksSmallerThanTheMinimumArea() {
        MotionDetector detector = new MotionDetector(0.01); // 768 px of 320x240
        for (int i = 0; i < 10; i++) {
            List<Detection> found = detector.detect(frame(i, new BoundingBox(20 + 16 * i, 100, 20 + 16 * i + 20, 120)));
            assertEquals(List.of(), found, "frame " + i);
        }
    }

    @Test
    void eachVideoStartsWithoutThePreviousVideosBackground() {
        MotionDetector service = new MotionDetector();
        InferenceClient firstVideo = service.forVideo();
        for (int i = 0; i < 10; i++) {
            firstVideo.detect(frame(i, null));
        }
        VideoFrame otherScene = DetectorTestImages.plain(WIDTH, HEIGHT, 200);

        assertTrue(!firstVideo.detect(otherScene).isEmpty(), "a detector that learned one scene sees the next as motion");
        InferenceClient secondVideo = service.forVideo();
        assertEquals(List.of(), secondVideo.detect(otherScene));
        assertEquals(List.of(), secondVideo.detect(otherScene));
    }

    @Test
    void startsAfreshWhenTheFrameSizeChanges() {
        MotionDetector detector = new MotionDetector();
        for (int i = 0; i < 3; i++) {
            detector.detect(frame(i, null));
        }

        assertEquals(List.of(), detector.detect(DetectorTestImages.plain(160, 120, 90)));
        assertEquals(List.of(), detector.detect(DetectorTestImages.plain(160, 120, 90)));
    }

    @Test
    void asksForOneFrameAtATimeAndDescribesItselfAsLocalMotion() {
        MotionDetector detector = new MotionDetector();

        assertEquals(1, detector.maxConcurrency());
        assertEquals("local:motion", detector.describe());
    }

    /** 48x36 px, moving 16 px right each frame, as a brisk walker in every third frame of a video. */
    private static BoundingBox rectangleAt(int frame) {
        return new BoundingBox(20 + 16 * frame, 100, 20 + 16 * frame + 48, 136);
    }

    /** The static background with, if given, a solid bright rectangle over it. */
    private static VideoFrame frame(long index, BoundingBox rectangle) {
        byte[] bgr = BACKGROUND.clone();
        if (rectangle != null) {
            for (int y = (int) rectangle.y1(); y < rectangle.y2(); y++) {
                for (int x = (int) rectangle.x1(); x < rectangle.x2(); x++) {
                    int at = (y * WIDTH + x) * 3;
                    bgr[at] = (byte) 30;
                    bgr[at + 1] = (byte) 220;
                    bgr[at + 2] = (byte) 240;
                }
            }
        }
        return new VideoFrame(index, index * 40_000, WIDTH, HEIGHT, bgr);
    }

    /** A gradient with fixed noise, so that the background has texture but never changes. */
    private static byte[] texturedBackground() {
        Random random = new Random(42);
        byte[] bgr = new byte[WIDTH * HEIGHT * 3];
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                int base = 40 + x * 100 / WIDTH + y * 60 / HEIGHT;
                for (int c = 0; c < 3; c++) {
                    bgr[(y * WIDTH + x) * 3 + c] = (byte) (base + c * 10 + random.nextInt(20));
                }
            }
        }
        return bgr;
    }
}
