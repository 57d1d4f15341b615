package dev.mlpipeline.core.port;

import dev.mlpipeline.core.domain.VideoId;

/** No video document has this id. */
public class VideoNotFoundException extends RuntimeException {
    private final transient VideoId videoId;

    public VideoNotFoundException(VideoId videoId) {
        super("Video not found");
        this.videoId = videoId;
    }

    public VideoId videoId() {
        return videoId;
    }
}
