package dev.mlpipeline.video.detect;

import static dev.mlpipeline.video.detect.DetectorTestImages.contains;
import static dev.mlpipeline.video.detect.DetectorTestImages.iou;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlpipeline.core.domain.BoundingBox;
import dev.mlpipeline.core.domain.Detection;
import dev.mlpipeline.core.port.VideoFrame;
import java.util.List;
import org.junit.jupiter.api.Test;

class CascadeDetectorTest {
    private static final CascadeDetector FACES = CascadeDetector.faces();
    private static final CascadeDetector PLATES = CascadeDetector.licencePlates();
    /** Where the face is in astronaut-face.jpg, marked by hand: brow to chin, cheek to cheek. */
    private static final BoundingBox FACE = new BoundingBox(55, 60, 150, 165);

    @Test
    void findsTheFaceInAPhotograph() {
        List<Detection> found = FACES.detect(DetectorTestImages.resource("astronaut-face.jpg"));

        assertEquals(1, found.size(), () -> "one face expected, got " + found);
        Detection face = found.get(0);
        assertEquals("face", face.className());
        assertTrue(iou(face.box(), FACE) > 0.5, () -> face.box() + " should overlap " + FACE);
        assertTrue(face.confidence() > 0.5 && face.confidence() <= 1, () -> "confidence " + face.confidence());
    }

    @Test
    void scalesLargeFramesDownAndMapsTheFaceBack() {
        // 2560 wide is searched at 1280: the 95 px face is 48 px there, above the 30 px minimum
        VideoFrame photo = DetectorTestImages.resource("astronaut-face.jpg");
        VideoFrame large = DetectorTestImages.pasted(photo, 2560, 1440, 1700, 900);

        List<Detection> found = FACES.detect(large);

        BoundingBox moved = new BoundingBox(FACE.x1() + 1700, FACE.y1() + 900, FACE.x2() + 1700, FACE.y2() + 900);
        assertEquals(1, found.size(), () -> "one face expected, got " + found);
        assertTrue(iou(found.get(0).box(), moved) > 0.5, () -> found.get(0).box() + " should overlap " + moved);
    }

    @Test
    void findsNoFaceInABlankFrame() {
        assertEquals(List.of(), FACES.detect(DetectorTestImages.plain(640, 480, 128)));
    }

    @Test
    void findsNothingInFramesSmallerThanItsSmallestObject() {
        assertEquals(List.of(), FACES.detect(DetectorTestImages.plain(3, 5, 0)));
        assertEquals(List.of(), PLATES.detect(DetectorTestImages.plain(59, 200, 0)));
    }

    @Test
    void plateCascadeLoadsAndFindsADrawnNumberPlate() {
        List<Detection> found = PLATES.detect(DetectorTestImages.numberPlate(320, 200, 60, 90, 200));

        BoundingBox plate = new BoundingBox(60, 90, 260, 90 + 200 * 112 / 520);
        assertEquals(1, found.size(), () -> "one plate expected, got " + found);
        Detection hit = found.get(0);
        assertEquals("licence_plate", hit.className());
        assertTrue(contains(hit.box(), plate.x1() + plate.width() / 2, plate.y1() + plate.height() / 2),
                () -> hit.box() + " should hold the centre of " + plate);
    }

    @Test
    void findsNoPlateInABlankFrame() {
        assertEquals(List.of(), PLATES.detect(DetectorTestImages.plain(640, 480, 128)));
    }

    @Test
    void describesItself() {
        assertEquals("local:faces", FACES.describe());
        assertEquals("local:plates", PLATES.describe());
    }
}
