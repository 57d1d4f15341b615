package dev.mlpipeline.core.domain;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** The wire form of instants: ISO-8601 UTC ending in {@code Z}. */
public final class Timestamps {
    // fixed-width fraction so that the strings sort in time order (the origin's isoformat() did not)
    private static final DateTimeFormatter FIXED =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private Timestamps() {
    }

    public static String format(Instant instant) {
        return FIXED.format(instant);
    }

    /** The precision the wire keeps, so that an instant survives a round trip unchanged. */
    public static Instant truncate(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * Reads our own strings and the origin's: with or without a fraction, with {@code Z}, an offset,
     * or no zone at all (Python's naive {@code utcnow().isoformat()}, taken as UTC).
     */
    public static Instant parse(String text) {
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
