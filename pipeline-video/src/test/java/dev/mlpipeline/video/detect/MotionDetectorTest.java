package dev.mlpipeline.video.detect;

import static dev.mlpipeline.video.detect.DetectorTestImages.iou;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlpipeline.core.domain.BoundingBox;
import dev.mlpipeline.core.domain.Detection;
import dev.mlpipeline.core.port.InferenceClient;
import dev.mlpipeline.core.port.VideoFrame;
import dev.mlpipeline.video.io.VideoFixtures;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

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

    /** In BGR, and in I420 as decoded frames come, whose Y plane the detector reads as it is. */
    @ParameterizedTest
    @EnumSource(VideoFrame.Layout.class)
    void onA720pFrameMotionIsFoundShrunkAndItsBoxIsInTheFramesPixels(VideoFrame.Layout layout) {
        // 1280 px is shrunk four times to 320 before the background model sees it
        byte[] background = texturedBackground(1280, 720);
        MotionDetector detector = new MotionDetector();
        for (int i = 0; i < 12; i++) {
            detector.detect(in(layout, frame(i, large(i), background, 1280, 720)));
        }
        BoundingBox truth = large(12);

        List<Detection> found = detector.detect(in(layout, frame(12, truth, background, 1280, 720)));

        assertEquals(1, found.size(), () -> "one moving region expected, got " + found);
        BoundingBox box = found.get(0).box();
        assertTrue(iou(box, truth) > 0.5, () -> box + " against " + truth);
        // the leading, top and bottom edges are where the rectangle is new, and scale back to within a pixel
        // or so of the truth; its trailing part stood there for two samples and has begun to fade into the
        // background, as at full size
        for (double[] edge : new double[][] {{box.x2(), truth.x2()}, {box.y1(), truth.y1()}, {box.y2(), truth.y2()}}) {
            assertTrue(Math.abs(edge[0] - edge[1]) <= 4, () -> box + " against " + truth);
        }
    }

    /**
     * A solid object's inside does not change as it moves, and where the background it covers is as
     * bright as itself nothing changes either: what the background model sees of it is a scatter of
     * patches. They are one object, and one box.
     */
    @Test
    void aSolidObjectOverABackgroundOfItsOwnBrightnessIsOneBox() {
        byte[] background = checkerboard(1280, 720, 40);
        MotionDetector detector = new MotionDetector();
        for (int i = 0; i < 12; i++) {
            detector.detect(frame(i, large(i), background, 1280, 720));
        }
        BoundingBox truth = large(12);

        List<Detection> found = detector.detect(frame(12, truth, background, 1280, 720));

        assertEquals(1, found.size(), () -> "one object, one box: " + found);
        assertTrue(iou(found.get(0).box(), truth) > 0.5, () -> found.get(0).box() + " against " + truth);
    }

    /** Joining an object's patches must not join two objects a car's width apart. */
    @Test
    void twoObjectsSideBySideStayTwo() {
        byte[] background = texturedBackground(1280, 720);
        MotionDetector detector = new MotionDetector();
        for (int i = 0; i < 12; i++) {
            detector.detect(frame(i, List.of(large(i), above(large(i))), background, 1280, 720));
        }

        List<Detection> found = detector.detect(frame(12, List.of(large(12), above(large(12))), background, 1280,
                720));

        assertEquals(2, found.size(), () -> "two objects 64 px apart: " + found);
    }

    /** The same box 64 px higher up. */
    private static BoundingBox above(BoundingBox box) {
        double up = box.y2() - box.y1() + 64;
        return new BoundingBox(box.x1(), box.y1() - up, box.x2(), box.y2() - up);
    }

    /** Squares of {@code cell} px, every other one exactly the moving rectangle's colour. */
    private static byte[] checkerboard(int width, int height, int cell) {
        byte[] bgr = new byte[width * height * 3];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                boolean same = (x / cell + y / cell) % 2 == 0;
                int at = (y * width + x) * 3;
                bgr[at] = (byte) (same ? 30 : 40);
                bgr[at + 1] = (byte) (same ? 220 : 60);
                bgr[at + 2] = (byte) (same ? 240 : 50);
            }
        }
        return bgr;
    }

    private static VideoFrame in(VideoFrame.Layout layout, VideoFrame bgr) {
        return layout == VideoFrame.Layout.I420 ? VideoFixtures.asI420(bgr) : bgr;
    }

    /** 192x144 px, moving 64 px right each sample, on a 1280x720 frame. */
    private static BoundingBox large(int frame) {
        return new BoundingBox(80 + 64 * frame, 400, 80 + 64 * frame + 192, 544);
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
        return frame(index, rectangle, BACKGROUND, WIDTH, HEIGHT);
    }

    private static VideoFrame frame(long index, BoundingBox rectangle, byte[] background, int width, int height) {
        return frame(index, rectangle == null ? List.of() : List.of(rectangle), background, width, height);
    }

    private static VideoFrame frame(long index, List<BoundingBox> rectangles, byte[] background, int width,
            int height) {
        byte[] bgr = background.clone();
        for (BoundingBox rectangle : rectangles) {
            for (int y = (int) rectangle.y1(); y < rectangle.y2(); y++) {
                for (int x = (int) rectangle.x1(); x < rectangle.x2(); x++) {
                    int at = (y * width + x) * 3;
                    bgr[at] = (byte) 30;
                    bgr[at + 1] = (byte) 220;
                    bgr[at + 2] = (byte) 240;
                }
            }
        }
        return new VideoFrame(index, index * 40_000, width, height, bgr);
    }

    /** A gradient with fixed noise, so that the background has texture but never changes. */
    private static byte[] texturedBackground() {
        return texturedBackground(WIDTH, HEIGHT);
    }

    private static byte[] texturedBackground(int width, int height) {
        Random random = new Random(42);
        byte[] bgr = new byte[width * height * 3];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int base = 40 + x * 100 / width + y * 60 / height;
                for (int c = 0; c < 3; c++) {
                    bgr[(y * width + x) * 3 + c] = (byte) (base + c * 10 + random.nextInt(20));
                }
            }
        }
        return bgr;
    }
}
