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
 * says how each model endpoint did, when several were asked (empty otherwise). Immutable.
 *
 * @param totalFrames how many frames were decoded
 * @param processedFrames how many sampled frames were sent to the model
 * @param detectionStats how many detections were kept per class, over all sampled frames
 * @param totalDetections how many detections were kept, over all sampled frames
 * @param videoDuration the duration decoded, in seconds
 * @param outputPath where the annotated video was written
 * @param fps the video's frame rate, as its container gives it
 * @param width the frames' width, in pixels
 * @param height the frames' height, in pixels
 * @param failedFrames how many sampled frames' inference failed
 * @param stageSeconds the seconds spent in each stage, and {@code wall} for the whole run
 * @param uniqueCounts how many objects (tracks) were seen per class; empty without tracking
 * @param endpoints how each model endpoint did, when several were asked; empty otherwise
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

    /**
     * Copies the collections.
     *
     * @param totalFrames frames decoded
     * @param processedFrames sampled frames
     * @param detectionStats detections per class, not null; copied
     * @param totalDetections detections kept
     * @param videoDuration the duration decoded, in seconds
     * @param outputPath where the annotated video was written
     * @param fps the frame rate
     * @param width the frames' width
     * @param height the frames' height
     * @param failedFrames sampled frames that failed
     * @param stageSeconds seconds per stage, not null; copied
     * @param uniqueCounts objects per class, not null; copied
     * @param endpoints how each endpoint did, not null; copied
     * @throws NullPointerException when a collection is null or holds null
     */
    public ProcessingStats {
        detectionStats = Map.copyOf(detectionStats);
        stageSeconds = Map.copyOf(stageSeconds);
        uniqueCounts = Map.copyOf(uniqueCounts);
        endpoints = List.copyOf(endpoints);
    }

    /**
     * Stats of a run that asked one model.
     *
     * @param totalFrames frames decoded
     * @param processedFrames sampled frames
     * @param detectionStats detections per class, not null; copied
     * @param totalDetections detections kept
     * @param videoDuration the duration decoded, in seconds
     * @param outputPath where the annotated video was written
     * @param fps the frame rate
     * @param width the frames' width
     * @param height the frames' height
     * @param failedFrames sampled frames that failed
     * @param stageSeconds seconds per stage, not null; copied
     * @param uniqueCounts objects per class, not null; copied
     * @throws NullPointerException when a map is null or holds null
     */
    public ProcessingStats(long totalFrames, long processedFrames, Map<String, Long> detectionStats,
            long totalDetections, double videoDuration, String outputPath, double fps, int width, int height,
            long failedFrames, Map<String, Double> stageSeconds, Map<String, Long> uniqueCounts) {
        this(totalFrames, processedFrames, detectionStats, totalDetections, videoDuration, outputPath, fps, width,
                height, failedFrames, stageSeconds, uniqueCounts, List.of());
    }

    /**
     * Stats without tracking: no unique counts.
     *
     * @param totalFrames frames decoded
     * @param processedFrames sampled frames
     * @param detectionStats detections per class, not null; copied
     * @param totalDetections detections kept
     * @param videoDuration the duration decoded, in seconds
     * @param outputPath where the annotated video was written
     * @param fps the frame rate
     * @param width the frames' width
     * @param height the frames' height
     * @param failedFrames sampled frames that failed
     * @param stageSeconds seconds per stage, not null; copied
     * @throws NullPointerException when a map is null or holds null
     */
    public ProcessingStats(long totalFrames, long processedFrames, Map<String, Long> detectionStats,
            long totalDetections, double videoDuration, String outputPath, double fps, int width, int height,
            long failedFrames, Map<String, Double> stageSeconds) {
        this(totalFrames, processedFrames, detectionStats, totalDetections, videoDuration, outputPath, fps, width,
                height, failedFrames, stageSeconds, Map.of());
    }
}
