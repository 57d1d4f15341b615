package dev.mlpipeline.core.domain;

import java.util.Objects;

/**
 * A video document of the main backend. {@code storageUrl} looks like {@code /uploads/<file name>}.
 * The processing fields are null until the pipeline has written them; {@code pipelineLease} is the
 * attempt that last took the video for processing, which fences every later write to it.
 * {@code survey} holds the road-survey fields (never null: {@link Survey#NONE} when there are none).
 */
public record Video(
        VideoId id,
        String storageUrl,
        String status,
        Integer progress,
        String processingMessage,
        String annotatedVideoUrl,
        String errorMessage,
        ProcessingStats processingStats,
        LeaseToken pipelineLease,
        Survey survey) {

    public static final String UPLOADS_PREFIX = "/uploads/";
    /** The main backend's status while the file is still arriving. */
    public static final String UPLOADING = "uploading";

    public Video {
        Objects.requireNonNull(id, "id");
        survey = survey == null ? Survey.NONE : survey;
    }

    /** A video with no survey fields. */
    public Video(VideoId id, String storageUrl, String status, Integer progress, String processingMessage,
            String annotatedVideoUrl, String errorMessage, ProcessingStats processingStats, LeaseToken pipelineLease) {
        this(id, storageUrl, status, progress, processingMessage, annotatedVideoUrl, errorMessage, processingStats,
                pipelineLease, Survey.NONE);
    }

    public static Video uploaded(VideoId id, String storageUrl) {
        return new Video(id, storageUrl, null, null, null, null, null, null, null);
    }

    /** The same video with these survey fields. */
    public Video withSurvey(Survey value) {
        return new Video(id, storageUrl, status, progress, processingMessage, annotatedVideoUrl, errorMessage,
                processingStats, pipelineLease, value);
    }

    /** Whether the main backend is still receiving the file. */
    public boolean isUploading() {
        return UPLOADING.equals(status);
    }

    /**
     * The file's path relative to the upload folder: the storage URL without its {@code /uploads/}
     * prefix, removed as a prefix (the origin's {@code lstrip} removed characters instead).
     */
    public String relativePath() {
        return relativePath(storageUrl);
    }

    /** Any {@code /uploads/...} URL's path relative to the upload folder, as {@link #relativePath()}. */
    public static String relativePath(String url) {
        if (url == null) {
            return "";
        }
        return url.startsWith(UPLOADS_PREFIX) ? url.substring(UPLOADS_PREFIX.length()) : url;
    }
}
