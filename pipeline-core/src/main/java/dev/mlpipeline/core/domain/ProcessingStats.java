package dev.mlpipeline.core.domain;

import java.util.Map;

/**
 * What processing a video found. The first six fields are the origin's {@code stats} keys; the rest
 * are additions (see CONTRACT.md).
 */
public record ProcessingStats(
        long totalFrames,
        long processedFrames,
        Map<String, Long> detectionStats,
        long totalDetections,
        double videoDuration,
        String outputPath,
        double fps,
        int width,
        int height,
        long failedFrames) {

    public ProcessingStats {
        detectionStats = Map.copyOf(detectionStats);
    }
}
