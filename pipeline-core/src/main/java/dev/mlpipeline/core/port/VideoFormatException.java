package dev.mlpipeline.core.port;

import java.io.IOException;

/** A file that cannot be read as a video: not a media file, no video stream, or undecodable. */
public class VideoFormatException extends IOException {
    public VideoFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
