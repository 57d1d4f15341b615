package dev.mlpipeline.core.port;

import java.io.IOException;

/** A file that cannot be read as a video: not a media file, no video stream, or undecodable. */
public class VideoFormatException extends IOException {
    /**
     * A file that cannot be read as a video.
     *
     * @param message what is wrong with it, for a person to read
     * @param cause the decoder's failure, or null
     */
    public VideoFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
