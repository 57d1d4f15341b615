package dev.mlpipeline.video.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlpipeline.core.port.InferenceClient;
import dev.mlpipeline.core.port.VideoFrame;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalDetectorsTest {

    @Test
    void makesEachDetectorByItsName() {
        assertInstanceOf(MotionDetector.class, LocalDetectors.create("motion"));
        assertInstanceOf(PeopleDetector.class, LocalDetectors.create("people"));
        assertEquals("local:faces", LocalDetectors.create("faces").describe());
        assertEquals("local:plates", LocalDetectors.create("plates").describe());
        assertEquals("none", LocalDetectors.create("none").describe());
    }

    @Test
    void noneFindsNothingEvenWhereMotionIs() {
        InferenceClient none = LocalDetectors.create("none");
        InferenceClient motion = LocalDetectors.create("motion");
        int found = 0;
        for (int i = 0; i < 8; i++) {
            VideoFrame frame = DetectorTestImages.plain(160, 120, 60);
            // a bright square that moves 10 px a frame
            byte[] bgr = frame.bgr();
            for (int y = 40; y < 80; y++) {
                for (int x = 10 * i; x < 10 * i + 40; x++) {
                    int at = (y * 160 + x) * 3;
                    bgr[at] = bgr[at + 1] = bgr[at + 2] = (byte) 230;
                }
            }
            assertEquals(List.of(), none.detect(frame));
            found += motion.detect(frame).size();
        }
        assertTrue(found > 0, "the same frames hold motion");
    }

    @Test
    void ignoresTheCaseOfTheName() {
        assertEquals("local:motion", LocalDetectors.create("Motion").describe());
        assertEquals("local:people", LocalDetectors.create("PEOPLE").describe());
    }

    @Test
    void rejectsAnUnknownNameListingTheAllowedOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LocalDetectors.create("cars"));

        assertTrue(e.getMessage().contains("cars"), e.getMessage());
        assertTrue(e.getMessage().contains("motion, people, faces, plates, none"), e.getMessage());
    }

    @Test
    void rejectsAMissingName() {
        assertThrows(IllegalArgumentException.class, () -> LocalDetectors.create(null));
        assertThrows(IllegalArgumentException.class, () -> LocalDetectors.create(""));
    }
}
