package dev.mlpipeline.core.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class DomainValuesTest {
    @Test
    void newIdsAre24HexDigitsStartingWithTheSeconds() {
        Instant now = Instant.parse("2026-01-02T03:04:05Z");

        JobId id = JobId.next(now);

        assertTrue(id.hex().matches("[0-9a-f]{24}"));
        assertEquals(now.getEpochSecond(), Long.parseLong(id.hex().substring(0, 8), 16));
        assertNotEquals(id, JobId.next(now));
    }

    @Test
    void malformedIdsAreRejectedWithAClearMessage() {
        for (String bad : new String[] {"xyz", "", "65a1b2c3d4e5f60718293a4", "65a1b2c3d4e5f60718293a4bz"}) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> JobId.parse(bad));
            assertTrue(e.getMessage().contains("24 hex"), e.getMessage());
        }
        assertThrows(InvalidInputException.class, () -> VideoId.parse(null));
    }

    @Test
    void upperCaseHexIsTheSameId() {
        assertEquals(VideoId.parse("65a1b2c3d4e5f60718293a4b"), VideoId.parse("65A1B2C3D4E5F60718293A4B"));
    }

    @Test
    void videoPathDropsTheUploadsPrefixNotCharacters() {
        // the origin's lstrip("/uploads/") turned this into "mple.mp4"
        Video video = Video.uploaded(VideoId.parse("65a1b2c3d4e5f60718293a4b"), "/uploads/sample.mp4");

        assertEquals("sample.mp4", video.relativePath());
    }

    @Test
    void anotherProgramsStatusWordIsKeptAndIsNotOneOfOurs() {
        JobStatus queued = JobStatus.of("queued");

        assertEquals("queued", queued.wire());
        assertFalse(queued.isOurs());
        assertFalse(queued.isTerminal());
        assertEquals(queued, JobStatus.of("queued"));
        assertFalse(JobLifecycle.OPEN.contains(queued), "never claimed, renewed or failed by ml-pipeline");
    }

    @Test
    void ourWordsAreTheConstantsAndABlankWordIsRefused() {
        assertSame(JobStatus.FAILED, JobStatus.of("failed"));
        assertTrue(JobStatus.of("pending").isOurs());
        assertThrows(InvalidInputException.class, () -> JobStatus.of(" "));
    }
}
