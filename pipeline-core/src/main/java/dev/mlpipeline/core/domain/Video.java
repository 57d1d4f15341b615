package dev.mlpipeline.core.domain;

import java.util.Objects;

/**
 * A video document of the main backend. {@code storageUrl} looks like {@code /uploads/<file name>}.
 * The processing fields are null until the pipeline has written them.
 */
public record Video(
        VideoId id,
        String storageUrl,
        String status,
        Integer progress,
        String processingMessage,
        String annotatedVideoUrl,
        String errorMessage,
        ProcessingStats processingStats) {

    public static final String UPLOADS_PREFIX = "/uploads/";

    public Video {
        Objects.requireNonNull(id, "id");
    }

    public static Video uploaded(VideoId id, String storageUrl) {
        return new Video(id, storageUrl, null, null, null, null, null, null);
    }

    /**
     * The file's path relative to the upload folder: the storage URL without its {@code /uploads/}
     * prefix, removed as a prefix (the origin's {@code lstrip} removed characters instead).
     */
    public String relativePath() {
        if (storageUrl == null) {
            return "";
        }
        return storageUrl.startsWith(UPLOADS_PREFIX) ? storageUrl.substring(UPLOADS_PREFIX.length()) : storageUrl;
    }
}
