package dev.mlpipeline.core.domain;

import java.time.Instant;
import java.util.Locale;

/** A job's id: 24 lower-case hex digits, stored as an ObjectId. */
public record JobId(String hex) {
    public JobId {
        if (!ObjectIds.isValid(hex)) {
            throw new InvalidInputException("invalid job id: must be 24 hex characters");
        }
        hex = hex.toLowerCase(Locale.ROOT);
    }

    public static JobId parse(String hex) {
        return new JobId(hex);
    }

    public static JobId next(Instant now) {
        return new JobId(ObjectIds.next(now));
    }

    @Override
    public String toString() {
        return hex;
    }
}
