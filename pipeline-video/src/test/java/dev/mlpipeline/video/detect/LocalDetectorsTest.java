package dev.mlpipeline.video.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LocalDetectorsTest {

    @Test
    void makesEachDetectorByItsName() {
        assertInstanceOf(MotionDetector.class, LocalDetectors.create("motion"));
        assertInstanceOf(PeopleDetector.class, LocalDetectors.create("people"));
        assertEquals("local:faces", LocalDetectors.create("faces").describe());
        assertEquals("local:plates", LocalDetectors.create("plates").describe());
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
        assertTrue(e.getMessage().contains("motion, people, faces, plates"), e.getMessage());
    }

    @Test
    void rejectsAMissingName() {
        assertThrows(IllegalArgumentException.class, () -> LocalDetectors.create(null));
        assertThrows(IllegalArgumentException.class, () -> LocalDetectors.create(""));
    }
}
