package dev.mlpipeline.core.domain;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A completed job's result: where the annotated video is published, what was found, where the
 * per-frame detections are published ({@code null} when there is no such file), and what went wrong
 * without failing the job (a video cut short, say), as sentences for a person to read; where the
 * map layer of its tracked objects and the video's thumbnail are published ({@code null} when none);
 * and, per model category, where that category's own annotated video is (empty when none was asked for).
 * Immutable.
 *
 * @param annotatedVideoUrl the URL of the annotated video
 * @param stats what processing found
 * @param detectionsUrl the URL of the per-frame detections, or null when there is no such file
 * @param warnings what went wrong without failing the job, for a person to read; empty when nothing did
 * @param objectsGeojsonUrl the URL of the map layer of the tracked objects, or null when there is none
 * @param thumbnailUrl the URL of the video's thumbnail, or null when there is none
 * @param categoryVideos the URL of each model category's own annotated video, by category, in the order of
 *     the categories; empty when none was asked for
 */
public record JobResult(String annotatedVideoUrl, ProcessingStats stats, String detectionsUrl, List<String> warnings,
        String objectsGeojsonUrl, String thumbnailUrl, Map<String, String> categoryVideos) {
    /**
     * Checks the parts and copies the collections.
     *
     * @param annotatedVideoUrl the annotated video's URL, not null
     * @param stats what processing found, not null
     * @param detectionsUrl the detections' URL, or null
     * @param warnings the warnings, not null; copied
     * @param objectsGeojsonUrl the map layer's URL, or null
     * @param thumbnailUrl the thumbnail's URL, or null
     * @param categoryVideos the category videos' URLs, not null; copied, in its order
     * @throws NullPointerException when {@code annotatedVideoUrl}, {@code stats}, {@code warnings} or
     *     {@code categoryVideos} is null, or {@code warnings} holds null
     */
    public JobResult {
        Objects.requireNonNull(annotatedVideoUrl, "annotatedVideoUrl");
        Objects.requireNonNull(stats, "stats");
        warnings = List.copyOf(warnings);
        categoryVideos = Collections.unmodifiableMap(new LinkedHashMap<>(categoryVideos));
    }

    /**
     * A result without category videos.
     *
     * @param annotatedVideoUrl the annotated video's URL, not null
     * @param stats what processing found, not null
     * @param detectionsUrl the detections' URL, or null
     * @param warnings the warnings, not null; copied
     * @param objectsGeojsonUrl the map layer's URL, or null
     * @param thumbnailUrl the thumbnail's URL, or null
     * @throws NullPointerException when {@code annotatedVideoUrl}, {@code stats} or {@code warnings} is
     *     null, or {@code warnings} holds null
     */
    public JobResult(String annotatedVideoUrl, ProcessingStats stats, String detectionsUrl, List<String> warnings,
            String objectsGeojsonUrl, String thumbnailUrl) {
        this(annotatedVideoUrl, stats, detectionsUrl, warnings, objectsGeojsonUrl, thumbnailUrl, Map.of());
    }

    /**
     * A result without a map layer. It has no thumbnail or category videos either.
     *
     * @param annotatedVideoUrl the annotated video's URL, not null
     * @param stats what processing found, not null
     * @param detectionsUrl the detections' URL, or null
     * @param warnings the warnings, not null; copied
     * @throws NullPointerException when {@code annotatedVideoUrl}, {@code stats} or {@code warnings} is
     *     null, or {@code warnings} holds null
     */
    public JobResult(String annotatedVideoUrl, ProcessingStats stats, String detectionsUrl, List<String> warnings) {
        this(annotatedVideoUrl, stats, detectionsUrl, warnings, null, null);
    }

    /**
     * A result with no warnings. It has no map layer, thumbnail or category videos either.
     *
     * @param annotatedVideoUrl the annotated video's URL, not null
     * @param stats what processing found, not null
     * @param detectionsUrl the detections' URL, or null
     * @throws NullPointerException when {@code annotatedVideoUrl} or {@code stats} is null
     */
    public JobResult(String annotatedVideoUrl, ProcessingStats stats, String detectionsUrl) {
        this(annotatedVideoUrl, stats, detectionsUrl, List.of());
    }
}
