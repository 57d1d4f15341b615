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
 * the run was asked for them (empty otherwise). Immutable.
 *
 * @param video the annotated video
 * @param detections the detections file
 * @param stats what the run found
 * @param warnings what went wrong with the input without failing the run, for a person to read
 * @param thumbnail the thumbnail, or null when the run saves no images
 * @param categoryVideos each model category's own annotated video, by category; empty when none was asked for
 */
public record Annotation(Path video, Path detections, ProcessingStats stats, List<String> warnings, Path thumbnail,
        Map<String, Path> categoryVideos) {
    /**
     * Copies the collections.
     *
     * @param video the annotated video
     * @param detections the detections file
     * @param stats what the run found
     * @param warnings the warnings, not null; copied
     * @param thumbnail the thumbnail, or null
     * @param categoryVideos the category videos, not null; copied, in its order
     * @throws NullPointerException when {@code warnings} or {@code categoryVideos} is null, or
     *     {@code warnings} holds null
     */
    public Annotation {
        warnings = List.copyOf(warnings);
        categoryVideos = Collections.unmodifiableMap(new LinkedHashMap<>(categoryVideos));
    }
}
