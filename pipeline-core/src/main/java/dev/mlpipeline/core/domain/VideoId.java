package dev.mlpipeline.core.domain;

import java.util.Locale;

/**
 * A video's id: 24 lower-case hex digits, stored as an ObjectId by the main backend. Immutable.
 *
 * @param hex the id's 24 hex digits, lower-case
 */
public record VideoId(String hex) {
    /**
     * Checks the id and makes it lower-case.
     *
     * @param hex 24 hex digits, in any case
     * @throws InvalidInputException when {@code hex} is null or not 24 hex digits
     */
    public VideoId {
        if (!ObjectIds.isValid(hex)) {
            throw new InvalidInputException("invalid video_id: must be 24 hex characters");
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
    public static VideoId parse(String hex) {
        return new VideoId(hex);
    }

    @Override
    public String toString() {
        return hex;
    }
}
