package dev.mlpipeline.core.domain;

import java.util.List;
import java.util.Objects;

/**
 * A completed job's result: where the annotated video is published, what was found, where the
 * per-frame detections are published ({@code null} when there is no such file), and what went wrong
 * without failing the job (a video cut short, say), as sentences for a person to read; and where the
 * map layer of its tracked objects and the video's thumbnail are published ({@code null} when none).
 */
public record JobResult(String annotatedVideoUrl, ProcessingStats stats, String detectionsUrl, List<String> warnings,
        String objectsGeojsonUrl, String thumbnailUrl) {
    public JobResult {
        Objects.requireNonNull(annotatedVideoUrl, "annotatedVideoUrl");
        Objects.requireNonNull(stats, "stats");
        warnings = List.copyOf(warnings);
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
