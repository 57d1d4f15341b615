package dev.mlpipeline.video.draw;

import static dev.mlpipeline.video.io.VideoFixtures.maxChannelDistance;
import static dev.mlpipeline.video.io.VideoFixtures.pixel;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlpipeline.core.domain.BoundingBox;
import dev.mlpipeline.core.domain.Detection;
import dev.mlpipeline.core.port.AnnotatedVideoSink;
import dev.mlpipeline.core.port.VideoFrame;
import dev.mlpipeline.core.port.VideoInfo;
import dev.mlpipeline.video.io.JavaCvAnnotatedVideoSink;
import dev.mlpipeline.video.io.VideoFixtures;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/** Boxes checked on the pixels of the encoded and decoded output, so compression is part of the test. */
class DetectionDrawingTest {
    private static final int WIDTH = 320;
    private static final int HEIGHT = 240;
    private static final int[] GREY = {128, 128, 128};
    // H.264 at CRF 23 moves colours a little, and 4:2:0 shares colour between neighbouring pixels
    private static final int COLOUR_TOLERANCE = 40;
    private static final int UNCHANGED_TOLERANCE = 8;

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(VideoFrame.Layout.class)
    void drawsA3PixelBoxInTheClassColourAndLeavesTheInsideUntouched(VideoFrame.Layout layout) throws IOException {
        Detection person = new Detection("person", 0.91, new BoundingBox(60, 80, 200, 200));

        VideoFrame out = annotatedFrame(layout, List.of(person));

        int[] colour = ClassColours.bgrOf("person");
        assertColour(colour, pixel(out, 60, 140), "left edge");
        assertColour(colour, pixel(out, 200, 140), "right edge");
        assertColour(colour, pixel(out, 130, 200), "bottom edge");
        assertColour(colour, pixel(out, 130, 80), "top edge");
        assertColour(colour, pixel(out, 61, 140), "3 px: one in");
        assertColour(colour, pixel(out, 59, 140), "3 px: one out");
        // next to a sharp edge the codec rings a little, so "not drawn" means nearer grey than the colour
        int[] outside = pixel(out, 57, 140);
        assertTrue(maxChannelDistance(GREY, outside) < maxChannelDistance(colour, outside),
                "two pixels left of the line is not drawn: " + Arrays.toString(outside));
        assertColour(GREY, pixel(out, 130, 140), "well inside the box", UNCHANGED_TOLERANCE);
        assertColour(GREY, pixel(out, 260, 40), "away from the box", UNCHANGED_TOLERANCE);
    }

    @ParameterizedTest
    @EnumSource(VideoFrame.Layout.class)
    void sameClassGetsTheSameColourAndAnotherClassAnother(VideoFrame.Layout layout) throws IOException {
        assertFalse(Arrays.equals(ClassColours.bgrOf("person"), ClassColours.bgrOf("face")));
        List<Detection> detections = List.of(
                new Detection("person", 0.8, new BoundingBox(20, 40, 100, 120)),
                new Detection("face", 0.7, new BoundingBox(120, 40, 200, 120)),
                new Detection("person", 0.6, new BoundingBox(220, 40, 300, 120)));

        VideoFrame out = annotatedFrame(layout, detections);

        int[] firstPerson = pixel(out, 20, 100);
        int[] secondPerson = pixel(out, 220, 100);
        int[] face = pixel(out, 120, 100);
        assertColour(firstPerson, secondPerson, "both people", UNCHANGED_TOLERANCE);
        assertColour(ClassColours.bgrOf("face"), face, "the face");
        assertTrue(maxChannelDistance(firstPerson, face) > COLOUR_TOLERANCE, "face differs from person");
    }

    @ParameterizedTest
    @EnumSource(VideoFrame.Layout.class)
    void labelIsAFilledBoxInTheClassColourAboveTheBoxWithWhiteText(VideoFrame.Layout layout) throws IOException {
        Detection car = new Detection("car", 0.876, new BoundingBox(80, 100, 240, 200));

        VideoFrame out = annotatedFrame(layout, List.of(car));

        int[] colour = ClassColours.bgrOf("car");
        assertColour(colour, pixel(out, 81, 92), "label padding above the box");
        assertTrue(hasWhitePixel(out, 80, 80, 140, 100), "white text in the label");
        assertFalse(hasWhitePixel(out, 80, 110, 140, 130), "no text inside the box");
    }

    @ParameterizedTest
    @EnumSource(VideoFrame.Layout.class)
    void labelGoesInsideTheBoxWhenTheBoxTouchesTheTop(VideoFrame.Layout layout) throws IOException {
        Detection car = new Detection("car", 0.5, new BoundingBox(80, 0, 240, 200));

        VideoFrame out = annotatedFrame(layout, List.of(car));

        int[] colour = ClassColours.bgrOf("car");
        assertColour(colour, pixel(out, 81, 10), "label inside the top of the box");
        assertTrue(hasWhitePixel(out, 80, 0, 140, 25), "white text in the label");
    }

    @ParameterizedTest
    @EnumSource(VideoFrame.Layout.class)
    void boxesRunningPastTheFrameAreClampedSoTheirEdgesShow(VideoFrame.Layout layout) throws IOException {
        Detection huge = new Detection("truck", 0.4, new BoundingBox(-50, 150, 500, 400));

        VideoFrame out = annotatedFrame(layout, List.of(huge));

        int[] colour = ClassColours.bgrOf("truck");
        assertColour(colour, pixel(out, 0, 200), "left edge at the frame's edge");
        assertColour(colour, pixel(out, WIDTH - 1, 200), "right edge at the frame's edge");
        assertColour(colour, pixel(out, 160, HEIGHT - 1), "bottom edge at the frame's edge");
        assertColour(colour, pixel(out, 160, 150), "top edge where it was");
    }

    @ParameterizedTest
    @EnumSource(VideoFrame.Layout.class)
    void boxesDrawnOnlyOnTheFramesTheyAreGivenFor(VideoFrame.Layout layout) throws IOException {
        Path output = dir.resolve("annotated.mp4");
        Detection person = new Detection("person", 0.9, new BoundingBox(40, 40, 120, 120));
        VideoInfo info = new VideoInfo(WIDTH, HEIGHT, 25, 0, 0, false);
        try (AnnotatedVideoSink.Writer writer = new JavaCvAnnotatedVideoSink().create(null, output, info)) {
            for (int i = 0; i < 6; i++) {
                writer.write(grey(i, layout), i % 2 == 0 ? List.of(person) : List.of());
            }
            writer.commit();
        }

        VideoFixtures.Decoded decoded = VideoFixtures.decode(output, 0, 1, 2, 3, 4, 5);

        for (int i = 0; i < 6; i++) {
            int[] edge = pixel(decoded.kept().get(i), 40, 80);
            if (i % 2 == 0) {
                assertColour(ClassColours.bgrOf("person"), edge, "frame " + i);
            } else {
                assertColour(GREY, edge, "frame " + i, UNCHANGED_TOLERANCE);
            }
        }
    }

    @Test
    void labelShowsClassAndConfidenceWithTwoDecimalsWhateverTheLocale() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            assertEquals("car: 0.88", DetectionPainter.label(new Detection("car", 0.876, new BoundingBox(0, 0, 1, 1))));
            assertEquals("person: 1.00", DetectionPainter.label(new Detection("person", 1, new BoundingBox(0, 0, 1, 1))));
            assertEquals("sign #12: 0.50",
                    DetectionPainter.label(new Detection("sign", 0.5, new BoundingBox(0, 0, 1, 1), 12)));
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void classColoursAreFixedAndDistinctForTheLocalDetectorsClasses() {
        assertArrayEquals(ClassColours.bgrOf("person"), ClassColours.bgrOf(new String("person")));
        List<String> local = List.of("moving_object", "person", "face", "licence_plate");
        long distinct = local.stream().map(c -> Arrays.toString(ClassColours.bgrOf(c))).distinct().count();
        assertEquals(local.size(), distinct, "each local class has its own colour");
    }

    /** Writes five grey frames with the detections on each, and decodes the third. */
    private VideoFrame annotatedFrame(VideoFrame.Layout layout, List<Detection> detections) throws IOException {
        Path output = dir.resolve("annotated.mp4");
        VideoInfo info = new VideoInfo(WIDTH, HEIGHT, 25, 0, 0, false);
        try (AnnotatedVideoSink.Writer writer = new JavaCvAnnotatedVideoSink().create(null, output, info)) {
            for (int i = 0; i < 5; i++) {
                writer.write(grey(i, layout), detections);
            }
            writer.commit();
        }
        return VideoFixtures.decode(output, 2).kept().get(2);
    }

    /** In BGR, as generated frames come, or in I420, as decoded ones do: the writer draws on either. */
    private static VideoFrame grey(int index, VideoFrame.Layout layout) {
        VideoFrame bgr = VideoFixtures.flatFrame(index, index * 40_000L, WIDTH, HEIGHT, GREY[0], GREY[1], GREY[2]);
        return layout == VideoFrame.Layout.I420 ? VideoFixtures.asI420(bgr) : bgr;
    }

    private static boolean hasWhitePixel(VideoFrame frame, int x0, int y0, int x1, int y1) {
        for (int y = Math.max(0, y0); y < Math.min(frame.height(), y1); y++) {
            for (int x = Math.max(0, x0); x < Math.min(frame.width(), x1); x++) {
                int[] p = pixel(frame, x, y);
                if (p[0] > 200 && p[1] > 200 && p[2] > 200) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void assertColour(int[] expected, int[] actual, String where) {
        assertColour(expected, actual, where, COLOUR_TOLERANCE);
    }

    private static void assertColour(int[] expected, int[] actual, String where, int tolerance) {
        assertTrue(maxChannelDistance(expected, actual) <= tolerance,
                where + ": expected BGR " + Arrays.toString(expected) + " but was " + Arrays.toString(actual));
    }
}
