package dev.mlpipeline.core.service;

import dev.mlpipeline.core.domain.ProcessingStats;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link VideoAnnotator} published: the annotated video, the detections file, the statistics,
 * warnings about the input (a video cut short) for a person to read, a thumbnail of the frame that
 * shows the most (null when the run saves no images), and one annotated video per model category when
 * the run was asked for them (empty otherwise).
 */
public record Annotation(Path video, Path detections, ProcessingStats stats, List<String> warnings, Path thumbnail,
        Map<String, Path> categoryVideos) {
    public Annotation {
        warnings = List.copyOf(warnings);
        categoryVideos = Collections.unmodifiableMap(new LinkedHashMap<>(categoryVideos));
    }
}
