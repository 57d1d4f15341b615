package dev.mlpipeline.core.domain;

import java.util.Objects;

/**
 * A completed job's result: where the annotated video is published, what was found, and where the
 * per-frame detections are published ({@code null} when there is no such file).
 */
public record JobResult(String annotatedVideoUrl, ProcessingStats stats, String detectionsUrl) {
    public JobResult {
        Objects.requireNonNull(annotatedVideoUrl, "annotatedVideoUrl");
        Objects.requireNonNull(stats, "stats");
    }
}
