package dev.mlpipeline.core.domain;

import java.time.Instant;
import java.util.Locale;

/**
 * A job's id: 24 lower-case hex digits, stored as an ObjectId. Immutable.
 *
 * @param hex the id's 24 hex digits, lower-case
 */
public record JobId(String hex) {
    /**
     * Checks the id and makes it lower-case.
     *
     * @param hex 24 hex digits, in any case
     * @throws InvalidInputException when {@code hex} is null or not 24 hex digits
     */
    public JobId {
        if (!ObjectIds.isValid(hex)) {
            throw new InvalidInputException("invalid job id: must be 24 hex characters");
        }
        hex = hex.toLowerCase(Locale.ROOT);
    }

    /**
     * The id written as {@code hex}, as a caller gave it.
     *
     * @param hex 24 hex digits, in any case
     * @return the id, lower-case
     * @throws InvalidInputException when {@code hex} is null or not 24 hex digits
     */
    public static JobId parse(String hex) {
        return new JobId(hex);
    }

    /**
     * A new id, unique to this process and sorting roughly by creation (see {@link ObjectIds#next}).
     * Thread-safe.
     *
     * @param now the creation time, whose seconds lead the id; not null
     * @return the new id
     */
    public static JobId next(Instant now) {
        return new JobId(ObjectIds.next(now));
    }

    @Override
    public String toString() {
        return hex;
    }
}
