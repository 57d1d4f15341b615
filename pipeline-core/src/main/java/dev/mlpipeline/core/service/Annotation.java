package dev.mlpipeline.core.service;

import dev.mlpipeline.core.domain.ProcessingStats;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@link VideoAnnotator} published: the annotated video, the detections file, the statistics,
 * and warnings about the input (a video cut short) for a person to read.
 */
public record Annotation(Path video, Path detections, ProcessingStats stats, List<String> warnings) {
    public Annotation {
        warnings = List.copyOf(warnings);
    }
}
