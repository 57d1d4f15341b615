package dev.mlpipeline.core.port;

import java.io.IOException;

/** A GPS track that cannot be used: not a track file, no points, or a point out of range. */
public class TrackFormatException extends IOException {
    public TrackFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
