package dev.mlpipeline.core.domain;

import java.util.Objects;

/** A completed job's result: where the annotated video is published and what was found. */
public record JobResult(String annotatedVideoUrl, ProcessingStats stats) {
    public JobResult {
        Objects.requireNonNull(annotatedVideoUrl, "annotatedVideoUrl");
        Objects.requireNonNull(stats, "stats");
    }
}
