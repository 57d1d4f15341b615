package dev.mlpipeline.mongo;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Timestamps as stored: ISO-8601 UTC strings ending in {@code Z}, read in the origin's forms too. */
final class Timestamps {
    // fixed-width fraction so that the strings sort in time order (the origin's isoformat() did not)
    private static final DateTimeFormatter FIXED =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private Timestamps() {
    }

    static String format(Instant instant) {
        return FIXED.format(instant);
    }

    /**
     * Reads our own strings and the origin's: with or without a fraction, with {@code Z}, an offset,
     * or no zone at all (Python's naive {@code utcnow().isoformat()}, taken as UTC).
     */
    static Instant parse(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException withoutZone) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("not an ISO-8601 timestamp: " + text, e);
            }
        }
    }
}
