package dev.mlpipeline.video.detect;

import static dev.mlpipeline.video.detect.DetectorTestImages.contains;
import static dev.mlpipeline.video.detect.DetectorTestImages.figureBox;
import static dev.mlpipeline.video.detect.DetectorTestImages.pedestrian;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlpipeline.core.domain.BoundingBox;
import dev.mlpipeline.core.domain.Detection;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * No photograph of a whole standing person with a licence that allows committing it was at hand, so
 * the positive cases use a drawn pedestrian pictogram, which the HOG model fires on where it stands.
 */
class PeopleDetectorTest {
    private static final PeopleDetector DETECTOR = new PeopleDetector();

    @Test
    void findsNobodyInABlankFrame() {
        assertEquals(List.of(), DETECTOR.detect(DetectorTestImages.plain(640, 480, 128)));
    }

    @Test
    void findsNobodyInAPortraitThatShowsNoLegs() {
        assertEquals(List.of(), DETECTOR.detect(DetectorTestImages.resource("astronaut-face.jpg")));
    }

    @Test
    void findsAPedestrianFigureWhereItStands() {
        for (int footX : new int[] {150, 460}) {
            List<Detection> found = DETECTOR.detect(pedestrian(640, 360, footX, 80, 180));

            assertEquals(1, found.size(), () -> "one person expected, got " + found);
            assertAround(found.get(0), figureBox(footX, 80, 180));
        }
    }

    @Test
    void scalesLargeFramesDownAndMapsTheBoxBack() {
        PeopleDetector detector = new PeopleDetector(960); // 1920x1080 is searched at 960x540

        List<Detection> found = detector.detect(pedestrian(1920, 1080, 1400, 300, 400));

        assertEquals(1, found.size(), () -> "one person expected, got " + found);
        assertAround(found.get(0), figureBox(1400, 300, 400));
    }

    @Test
    void findsNobodyInFramesSmallerThanItsWindow() {
        assertEquals(List.of(), DETECTOR.detect(DetectorTestImages.plain(3, 5, 0)));
        assertEquals(List.of(), DETECTOR.detect(DetectorTestImages.plain(200, 100, 0)));
    }

    @Test
    void turnsTheSvmScoreIntoAConfidenceBetweenZeroAndOne() {
        assertEquals(0.5, PeopleDetector.confidence(1), 1e-9);
        assertTrue(PeopleDetector.confidence(0) < 0.25, "a bare hit falls under the default threshold");
        assertTrue(PeopleDetector.confidence(3) > 0.95);
        assertTrue(PeopleDetector.confidence(-50) >= 0 && PeopleDetector.confidence(50) <= 1);
    }

    @Test
    void rejectsAMaxWidthNarrowerThanItsWindow() {
        assertThrows(IllegalArgumentException.class, () -> new PeopleDetector(63));
    }

    @Test
    void describesItself() {
        assertEquals("local:people", DETECTOR.describe());
    }

    /** The HOG box frames the figure with a margin: it holds the whole figure and is not much taller. */
    private static void assertAround(Detection person, BoundingBox figure) {
        BoundingBox box = person.box();
        assertEquals("person", person.className());
        assertTrue(contains(box, figure.x1() + figure.width() / 2, figure.y1() + figure.height() / 2),
                () -> box + " should hold the figure's centre " + figure);
        assertTrue(box.x1() <= figure.x1() + 5 && box.x2() >= figure.x2() - 5
                        && box.y1() <= figure.y1() + 5 && box.y2() >= figure.y2() - 5,
                () -> box + " should hold the whole figure " + figure);
        assertTrue(box.height() < 1.8 * figure.height(), () -> box + " is far taller than " + figure);
        assertTrue(person.confidence() > 0 && person.confidence() <= 1, () -> "confidence " + person.confidence());
    }
}
