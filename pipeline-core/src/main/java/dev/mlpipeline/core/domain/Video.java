package dev.mlpipeline.core.domain;

import java.util.Objects;

/**
 * A video document of the main backend. {@code storageUrl} looks like {@code /uploads/<file name>}.
 * The processing fields are null until the pipeline has written them; {@code pipelineLease} is the
 * attempt that last took the video for processing, which fences every later write to it.
 * {@code survey} holds the road-survey fields (never null: {@link Survey#NONE} when there are none).
 * Immutable.
 *
 * @param id the video's id
 * @param storageUrl the URL of the video's file, or null when the document has none
 * @param status the main backend's status word ({@code uploading}, {@code processing}, ...), or null
 * @param progress the pipeline's progress, 0 to 100, or null
 * @param processingMessage the pipeline's status message, or null
 * @param annotatedVideoUrl the URL of the annotated video, or null
 * @param errorMessage why processing failed, or null
 * @param processingStats what processing found, or null
 * @param pipelineLease the attempt that last took the video for processing, or null
 * @param survey the road-survey fields
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

    /** What the URLs of files in the upload folder start with, as the main backend serves them. */
    public static final String UPLOADS_PREFIX = "/uploads/";
    /** The main backend's status while the file is still arriving. */
    public static final String UPLOADING = "uploading";

    /**
     * Checks the id and defaults the survey fields.
     *
     * @param id the video's id, not null
     * @param storageUrl the file's URL, or null
     * @param status the status word, or null
     * @param progress the progress, or null
     * @param processingMessage the status message, or null
     * @param annotatedVideoUrl the annotated video's URL, or null
     * @param errorMessage the error, or null
     * @param processingStats the stats, or null
     * @param pipelineLease the attempt that took the video, or null
     * @param survey the survey fields, or null for {@link Survey#NONE}
     * @throws NullPointerException when {@code id} is null
     */
    public Video {
        Objects.requireNonNull(id, "id");
        survey = survey == null ? Survey.NONE : survey;
    }

    /**
     * A video with no survey fields.
     *
     * @param id the video's id, not null
     * @param storageUrl the file's URL, or null
     * @param status the status word, or null
     * @param progress the progress, or null
     * @param processingMessage the status message, or null
     * @param annotatedVideoUrl the annotated video's URL, or null
     * @param errorMessage the error, or null
     * @param processingStats the stats, or null
     * @param pipelineLease the attempt that took the video, or null
     * @throws NullPointerException when {@code id} is null
     */
    public Video(VideoId id, String storageUrl, String status, Integer progress, String processingMessage,
            String annotatedVideoUrl, String errorMessage, ProcessingStats processingStats, LeaseToken pipelineLease) {
        this(id, storageUrl, status, progress, processingMessage, annotatedVideoUrl, errorMessage, processingStats,
                pipelineLease, Survey.NONE);
    }

    /**
     * A video whose file is there and that nothing processed yet: no status, no processing fields, no
     * survey fields.
     *
     * @param id the video's id, not null
     * @param storageUrl the file's URL, or null
     * @return the video
     * @throws NullPointerException when {@code id} is null
     */
    public static Video uploaded(VideoId id, String storageUrl) {
        return new Video(id, storageUrl, null, null, null, null, null, null, null);
    }

    /**
     * The same video with these survey fields.
     *
     * @param value the survey fields, or null for {@link Survey#NONE}
     * @return a new video; this one is unchanged
     */
    public Video withSurvey(Survey value) {
        return new Video(id, storageUrl, status, progress, processingMessage, annotatedVideoUrl, errorMessage,
                processingStats, pipelineLease, value);
    }

    /**
     * Whether the main backend is still receiving the file.
     *
     * @return true when the status is {@link #UPLOADING}
     */
    public boolean isUploading() {
        return UPLOADING.equals(status);
    }

    /**
     * The file's path relative to the upload folder: the storage URL without its {@code /uploads/}
     * prefix, removed as a prefix (the origin's {@code lstrip} removed characters instead).
     *
     * @return the relative path; the storage URL as it is when it lacks the prefix, empty when it is null
     */
    public String relativePath() {
        return relativePath(storageUrl);
    }

    /**
     * Any {@code /uploads/...} URL's path relative to the upload folder, as {@link #relativePath()}.
     *
     * @param url the URL, or null
     * @return {@code url} without its {@code /uploads/} prefix; {@code url} as it is when it lacks the
     *     prefix, empty for null
     */
    public static String relativePath(String url) {
        if (url == null) {
            return "";
        }
        return url.startsWith(UPLOADS_PREFIX) ? url.substring(UPLOADS_PREFIX.length()) : url;
    }
}
