package dev.mlpipeline.core.domain;

import java.util.Locale;

/** A video's id: 24 lower-case hex digits, stored as an ObjectId by the main backend. */
public record VideoId(String hex) {
    public VideoId {
        if (!ObjectIds.isValid(hex)) {
            throw new InvalidInputException("invalid video_id: must be 24 hex characters");
        }
        hex = hex.toLowerCase(Locale.ROOT);
    }

    public static VideoId parse(String hex) {
        return new VideoId(hex);
    }

    @Override
    public String toString() {
        return hex;
    }
}
