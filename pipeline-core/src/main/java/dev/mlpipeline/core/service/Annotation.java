package dev.mlpipeline.core.service;

import dev.mlpipeline.core.domain.ProcessingStats;
import java.nio.file.Path;

/** What {@link VideoAnnotator} published: the annotated video, the detections file, and the statistics. */
public record Annotation(Path video, Path detections, ProcessingStats stats) {
}
