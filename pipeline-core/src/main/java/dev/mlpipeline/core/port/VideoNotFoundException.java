package dev.mlpipeline.core.port;

import dev.mlpipeline.core.domain.VideoId;

/** No video document has this id. */
public class VideoNotFoundException extends RuntimeException {
    private final transient VideoId videoId;

    /**
     * An exception for the video of {@code videoId}, with the message {@code Video not found}.
     *
     * @param videoId the id that no video has
     */
    public VideoNotFoundException(VideoId videoId) {
        super("Video not found");
        this.videoId = videoId;
    }

    /** {@return the id that no video has; null in an exception that was serialized, as it is not kept} */
    public VideoId videoId() {
        return videoId;
    }
}
