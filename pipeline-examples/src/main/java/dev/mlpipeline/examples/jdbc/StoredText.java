package dev.mlpipeline.examples.jdbc;

import dev.mlpipeline.core.domain.CallbackDelivery;
import dev.mlpipeline.core.domain.EndpointStats;
import dev.mlpipeline.core.domain.JobResult;
import dev.mlpipeline.core.domain.ProcessingStats;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A job's result and its callback deliveries as {@link KeyValueText}, mapped by hand field by field, so that
 * the example needs no JSON library. Numbers are written so that they read back exactly
 * ({@link Double#toString} round-trips), dates as ISO-8601 instants.
 */
final class StoredText {
    private StoredText() {
    }

    static String result(JobResult result) {
        if (result == null) {
            return null;
        }
        KeyValueText text = new KeyValueText()
                .put("annotated_video_url", result.annotatedVideoUrl())
                .put("detections_url", result.detectionsUrl())
                .put("objects_geojson_url", result.objectsGeojsonUrl())
                .put("thumbnail_url", result.thumbnailUrl());
        for (int i = 0; i < result.warnings().size(); i++) {
            text.put("warnings." + i + ".text", result.warnings().get(i));
        }
        putMap(text, "category_videos", result.categoryVideos());
        ProcessingStats stats = result.stats();
        text.put("stats.total_frames", stats.totalFrames())
                .put("stats.processed_frames", stats.processedFrames())
                .put("stats.total_detections", stats.totalDetections())
                .put("stats.video_duration", stats.videoDuration())
                .put("stats.output_path", stats.outputPath())
                .put("stats.fps", stats.fps())
                .put("stats.width", stats.width())
                .put("stats.height", stats.height())
                .put("stats.failed_frames", stats.failedFrames());
        // sorted: the stats' maps have no order of their own, and the same result should be the same text
        putMap(text, "stats.detection_stats", new TreeMap<>(stats.detectionStats()));
        putMap(text, "stats.stage_seconds", new TreeMap<>(stats.stageSeconds()));
        putMap(text, "stats.unique_counts", new TreeMap<>(stats.uniqueCounts()));
        for (int i = 0; i < stats.endpoints().size(); i++) {
            EndpointStats endpoint = stats.endpoints().get(i);
            String at = "stats.endpoints." + i + ".";
            text.put(at + "category", endpoint.category()).put(at + "endpoint", endpoint.endpoint())
                    .put(at + "answered", endpoint.answered()).put(at + "failed", endpoint.failed())
                    .put(at + "mean_millis", endpoint.meanMillis()).put(at + "p95_millis", endpoint.p95Millis())
                    .put(at + "last_error", endpoint.lastError()).put(at + "left_out", endpoint.leftOut());
        }
        return text.text();
    }

    static JobResult result(String stored) {
        if (stored == null) {
            return null;
        }
        KeyValueText text = KeyValueText.parse(stored);
        List<String> warnings = new ArrayList<>();
        for (int i = 0; i < text.count("warnings", "text"); i++) {
            warnings.add(text.need("warnings." + i + ".text"));
        }
        List<EndpointStats> endpoints = new ArrayList<>();
        for (int i = 0; i < text.count("stats.endpoints", "category"); i++) {
            String at = "stats.endpoints." + i + ".";
            endpoints.add(new EndpointStats(text.need(at + "category"), text.need(at + "endpoint"),
                    text.needLong(at + "answered"), text.needLong(at + "failed"), text.needDouble(at + "mean_millis"),
                    text.needDouble(at + "p95_millis"), text.get(at + "last_error"), text.get(at + "left_out")));
        }
        ProcessingStats stats = new ProcessingStats(text.needLong("stats.total_frames"),
                text.needLong("stats.processed_frames"), getMap(text, "stats.detection_stats", Long::valueOf),
                text.needLong("stats.total_detections"), text.needDouble("stats.video_duration"),
                text.get("stats.output_path"), text.needDouble("stats.fps"), text.needInt("stats.width"),
                text.needInt("stats.height"), text.needLong("stats.failed_frames"),
                getMap(text, "stats.stage_seconds", Double::valueOf),
                getMap(text, "stats.unique_counts", Long::valueOf), endpoints);
        return new JobResult(text.need("annotated_video_url"), stats, text.get("detections_url"), warnings,
                text.get("objects_geojson_url"), text.get("thumbnail_url"),
                getMap(text, "category_videos", Function.identity()));
    }

    static String deliveries(List<CallbackDelivery> deliveries) {
        KeyValueText text = new KeyValueText();
        for (int i = 0; i < deliveries.size(); i++) {
            CallbackDelivery delivery = deliveries.get(i);
            String at = "deliveries." + i + ".";
            text.put(at + "attempt", delivery.attempt()).put(at + "event", delivery.event())
                    .put(at + "at", delivery.at()).put(at + "status_code", delivery.statusCode())
                    .put(at + "error", delivery.error()).put(at + "millis", delivery.millis());
        }
        return text.text();
    }

    static List<CallbackDelivery> deliveries(String stored) {
        if (stored == null) {
            return List.of();
        }
        KeyValueText text = KeyValueText.parse(stored);
        List<CallbackDelivery> deliveries = new ArrayList<>();
        for (int i = 0; i < text.count("deliveries", "attempt"); i++) {
            String at = "deliveries." + i + ".";
            deliveries.add(new CallbackDelivery(text.needInt(at + "attempt"), text.need(at + "event"),
                    Instant.parse(text.need(at + "at")), text.needInt(at + "status_code"), text.get(at + "error"),
                    text.needLong(at + "millis")));
        }
        return deliveries;
    }

    private static void putMap(KeyValueText text, String prefix, Map<String, ?> map) {
        int i = 0;
        for (Map.Entry<String, ?> entry : map.entrySet()) {
            text.put(prefix + "." + i + ".name", entry.getKey()).put(prefix + "." + i + ".value", entry.getValue());
            i++;
        }
    }

    private static <V> Map<String, V> getMap(KeyValueText text, String prefix, Function<String, V> parse) {
        Map<String, V> map = new LinkedHashMap<>();
        for (int i = 0; i < text.count(prefix, "name"); i++) {
            String value = text.get(prefix + "." + i + ".value");
            map.put(text.need(prefix + "." + i + ".name"), value == null ? null : parse.apply(value));
        }
        return map;
    }
}
