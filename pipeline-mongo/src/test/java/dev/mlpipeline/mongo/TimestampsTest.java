package dev.mlpipeline.mongo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimestampsTest {
    @Test
    void formatsWithAFixedWidthFractionEndingInZ() {
        assertEquals("2026-01-02T03:04:05.000000Z", Timestamps.format(Instant.parse("2026-01-02T03:04:05Z")));
        assertEquals("2026-01-02T03:04:05.120000Z", Timestamps.format(Instant.parse("2026-01-02T03:04:05.12Z")));
    }

    @Test
    void formattedStringsSortInTimeOrder() {
        Instant whole = Instant.parse("2026-01-02T03:04:05Z");
        Instant later = whole.plusNanos(500_000);

        assertTrue(Timestamps.format(whole).compareTo(Timestamps.format(later)) < 0);
    }

    @Test
    void readsTheOriginsPythonIsoformatStrings() {
        Instant expected = Instant.parse("2024-05-06T07:08:09.123456Z");

        assertEquals(expected, Timestamps.parse("2024-05-06T07:08:09.123456"));
        assertEquals(expected, Timestamps.parse("2024-05-06T07:08:09.123456+00:00"));
        assertEquals(Instant.parse("2024-05-06T07:08:09Z"), Timestamps.parse("2024-05-06T07:08:09"));
        assertEquals(Instant.parse("2024-05-06T05:08:09Z"), Timestamps.parse("2024-05-06T07:08:09+02:00"));
    }

    @Test
    void rejectsTextThatIsNoTimestamp() {
        assertThrows(IllegalArgumentException.class, () -> Timestamps.parse("yesterday"));
    }

    @Test
    void roundTripsTheSystemClocksMicrosecondPrecision() {
        Instant precise = dev.mlpipeline.core.port.Clock.system().now();

        assertEquals(precise, Timestamps.parse(Timestamps.format(precise)));
    }
}
