package dev.mlpipeline.core.domain;

import java.util.List;
import java.util.Objects;

/**
 * A completed job's result: where the annotated video is published, what was found, where the
 * per-frame detections are published ({@code null} when there is no such file), and what went wrong
 * without failing the job (a video cut short, say), as sentences for a person to read.
 */
public record JobResult(String annotatedVideoUrl, ProcessingStats stats, String detectionsUrl, List<String> warnings) {
    public JobResult {
        Objects.requireNonNull(annotatedVideoUrl, "annotatedVideoUrl");
        Objects.requireNonNull(stats, "stats");
        warnings = List.copyOf(warnings);
    }

    /** A result with no warnings. */
    public JobResult(String annotatedVideoUrl, ProcessingStats stats, String detectionsUrl) {
        this(annotatedVideoUrl, stats, detectionsUrl, List.of());
    }
}
