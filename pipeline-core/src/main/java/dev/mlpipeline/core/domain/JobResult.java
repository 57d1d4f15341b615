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
 */
public record JobResult(String annotatedVideoUrl, ProcessingStats stats, String detectionsUrl, List<String> warnings,
        String objectsGeojsonUrl, String thumbnailUrl, Map<String, String> categoryVideos) {
    public JobResult {
        Objects.requireNonNull(annotatedVideoUrl, "annotatedVideoUrl");
        Objects.requireNonNull(stats, "stats");
        warnings = List.copyOf(warnings);
        categoryVideos = Collections.unmodifiableMap(new LinkedHashMap<>(categoryVideos));
    }

    /** A result without category videos. */
    public JobResult(String annotatedVideoUrl, ProcessingStats stats, String detectionsUrl, List<String> warnings,
            String objectsGeojsonUrl, String thumbnailUrl) {
        this(annotatedVideoUrl, stats, detectionsUrl, warnings, objectsGeojsonUrl, thumbnailUrl, Map.of());
    }

    /** A result without a map layer. */
    public JobResult(String annotatedVideoUrl, ProcessingStats stats, String detectionsUrl, List<String> warnings) {
        this(annotatedVideoUrl, stats, detectionsUrl, warnings, null, null);
    }

    /** A result with no warnings. */
    public JobResult(String annotatedVideoUrl, ProcessingStats stats, String detectionsUrl) {
        this(annotatedVideoUrl, stats, detectionsUrl, List.of());
    }
}
