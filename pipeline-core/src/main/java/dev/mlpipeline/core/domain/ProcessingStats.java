package dev.mlpipeline.core.domain;

import java.util.List;
import java.util.Map;

/**
 * What processing a video found. The first six fields are the origin's {@code stats} keys; the rest
 * are additions (see docs/contract.md). {@code stageSeconds} is the time spent in each stage of the
 * pipeline ({@code decode}, {@code inference}, {@code encode}: busy time, summed over threads) and
 * {@code wall} for the whole run; the stages overlap, so they add up to more than the wall time.
 * {@code detectionStats} counts detections per class (an object on 40 sampled frames counts 40);
 * {@code uniqueCounts} counts objects (tracks) per class, so that one counts once. {@code endpoints}
 * says how each model endpoint did, when several were asked (empty otherwise).
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
        long failedFrames,
        Map<String, Double> stageSeconds,
        Map<String, Long> uniqueCounts,
        List<EndpointStats> endpoints) {

    public ProcessingStats {
        detectionStats = Map.copyOf(detectionStats);
        stageSeconds = Map.copyOf(stageSeconds);
        uniqueCounts = Map.copyOf(uniqueCounts);
        endpoints = List.copyOf(endpoints);
    }

    /** Stats of a run that asked one model. */
    public ProcessingStats(long totalFrames, long processedFrames, Map<String, Long> detectionStats,
            long totalDetections, double videoDuration, String outputPath, double fps, int width, int height,
            long failedFrames, Map<String, Double> stageSeconds, Map<String, Long> uniqueCounts) {
        this(totalFrames, processedFrames, detectionStats, totalDetections, videoDuration, outputPath, fps, width,
                height, failedFrames, stageSeconds, uniqueCounts, List.of());
    }

    /** Stats without tracking: no unique counts. */
    public ProcessingStats(long totalFrames, long processedFrames, Map<String, Long> detectionStats,
            long totalDetections, double videoDuration, String outputPath, double fps, int width, int height,
            long failedFrames, Map<String, Double> stageSeconds) {
        this(totalFrames, processedFrames, detectionStats, totalDetections, videoDuration, outputPath, fps, width,
                height, failedFrames, stageSeconds, Map.of());
    }
}
