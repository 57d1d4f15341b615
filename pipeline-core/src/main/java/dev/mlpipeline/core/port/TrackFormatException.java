package dev.mlpipeline.core.port;

import java.io.IOException;

/** A GPS track that cannot be used: not a track file, no points, or a point out of range. */
public class TrackFormatException extends IOException {
    /**
     * A track that cannot be used.
     *
     * @param message what is wrong with it, for a person to read
     * @param cause the parser's failure, or null
     */
    public TrackFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
