package dev.mlpipeline.core.service;

import dev.mlpipeline.core.domain.ProcessingStats;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@link VideoAnnotator} published: the annotated video, the detections file, the statistics,
 * warnings about the input (a video cut short) for a person to read, and a thumbnail of the frame that
 * shows the most (null when the run saves no images).
 */
public record Annotation(Path video, Path detections, ProcessingStats stats, List<String> warnings, Path thumbnail) {
    public Annotation {
        warnings = List.copyOf(warnings);
    }
}
