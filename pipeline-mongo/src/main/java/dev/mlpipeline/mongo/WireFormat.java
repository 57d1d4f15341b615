package dev.mlpipeline.mongo;

import dev.mlpipeline.core.domain.Callback;
import dev.mlpipeline.core.domain.CallbackDelivery;
import dev.mlpipeline.core.domain.EndpointStats;
import dev.mlpipeline.core.domain.Job;
import dev.mlpipeline.core.domain.JobField;
import dev.mlpipeline.core.domain.JobId;
import dev.mlpipeline.core.domain.JobResult;
import dev.mlpipeline.core.domain.JobStatus;
import dev.mlpipeline.core.domain.Lease;
import dev.mlpipeline.core.domain.ProcessingStats;
import dev.mlpipeline.core.domain.VideoId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The field names and value forms of a job's and a video's documents (docs/contract.md): what
 * ml-pipeline writes, and how it reads what the origin and the main backend wrote. Maps hold only
 * strings, numbers, booleans, nulls, and nested maps; ids are hex strings (JobDocuments turns them into
 * ObjectIds).
 */
final class WireFormat {
    private WireFormat() {
    }

    /** Every field of the job, unset ones as null, in a stable order. */
    static Map<String, Object> jobToMap(Job job) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("_id", job.id().hex());
        map.put("video_id", job.videoId().hex());
        map.put("status", job.status().wire());
        map.put("progress", job.progress());
        map.put("status_message", job.statusMessage());
        map.put("created_at", time(job.createdAt()));
        map.put("updated_at", time(job.updatedAt()));
        map.put("started_at", time(job.startedAt()));
        map.put("completed_at", time(job.completedAt()));
        map.put("result", job.result() == null ? null : resultToMap(job.result()));
        map.put("error", job.error());
        map.put("attempts", job.attempts());
        Lease lease = job.lease();
        map.put("worker_id", lease == null ? null : lease.workerId());
        map.put("claimed_at", lease == null ? null : time(lease.claimedAt()));
        map.put("lease_expires_at", lease == null ? null : time(lease.expiresAt()));
        map.put("not_before", time(job.notBefore()));
        map.put("active_video_id", job.holdsVideo() ? job.videoId().hex() : null);
        Callback callback = job.callback();
        map.put("callback_url", callback == null ? null : callback.url());
        map.put("callback_deliveries", callback == null || callback.deliveries().isEmpty() ? null
                : callback.deliveries().stream().map(WireFormat::deliveryToMap).toList());
        return map;
    }

    /** One delivery as {@code callback_deliveries} lists it; an error only when there was one. */
    static Map<String, Object> deliveryToMap(CallbackDelivery delivery) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("attempt", delivery.attempt());
        map.put("event", delivery.event());
        map.put("at", time(delivery.at()));
        map.put("status_code", delivery.statusCode());
        if (delivery.error() != null) {
            map.put("error", delivery.error());
        }
        map.put("millis", delivery.millis());
        return map;
    }

    /** The callback a job document names, with its deliveries; null without a {@code callback_url} string. */
    static Callback callbackFromMap(Map<String, ?> map) {
        if (!(map.get("callback_url") instanceof String url)) {
            return null;
        }
        List<CallbackDelivery> deliveries = new ArrayList<>();
        if (map.get("callback_deliveries") instanceof List<?> list) {
            for (Object entry : list) {
                if (entry instanceof Map<?, ?> d && d.get("event") != null && instant(d.get("at")) != null) {
                    deliveries.add(new CallbackDelivery(Math.max(1, number(d.get("attempt")).intValue()),
                            d.get("event").toString(), instant(d.get("at")), number(d.get("status_code")).intValue(),
                            d.get("error") == null ? null : d.get("error").toString(),
                            number(d.get("millis")).longValue()));
                }
            }
        }
        return new Callback(url, deliveries);
    }

    /** The name under which a job's field is stored. */
    static String fieldName(JobField field) {
        return switch (field) {
            case STATUS -> "status";
            case PROGRESS -> "progress";
            case STATUS_MESSAGE -> "status_message";
            case UPDATED_AT -> "updated_at";
            case STARTED_AT -> "started_at";
            case COMPLETED_AT -> "completed_at";
            case RESULT -> "result";
            case ERROR -> "error";
            case WORKER_ID -> "worker_id";
            case CLAIMED_AT -> "claimed_at";
            case LEASE_EXPIRES_AT -> "lease_expires_at";
            case HOLDS_VIDEO -> "active_video_id";
            case NOT_BEFORE -> "not_before";
            case CALLBACK_STATE -> "callback";
        };
    }

    /**
     * A value of {@link JobChanges#sets()} in its wire form: timestamps as strings, statuses as words,
     * a result as a map. {@link JobField#HOLDS_VIDEO} has no value of its own: the adapter stores the
     * job's video id.
     */
    static Object fieldValue(JobField field, Object value) {
        if (value instanceof Instant instant) {
            return time(instant);
        }
        if (value instanceof JobStatus status) {
            return status.wire();
        }
        if (value instanceof JobResult result) {
            return resultToMap(result);
        }
        if (field == JobField.HOLDS_VIDEO) {
            throw new IllegalArgumentException("the value of " + field + " is the job's video id");
        }
        return value;
    }

    /**
     * Reads a stored job, tolerating documents another program wrote: missing progress or attempts
     * count as 0 (a fractional progress is read rounded down), a missing {@code created_at} falls
     * back to the id's timestamp, a missing {@code updated_at} to {@code created_at}, and timestamps
     * may be strings in any ISO-8601 form or dates. A job has a lease when it has a
     * {@code lease_expires_at}. A missing status reads as pending; any other word is kept. The map
     * itself becomes the job's {@link Job#stored()}, so these readings never reach what is shown.
     */
    static Job jobFromMap(Map<String, ?> map) {
        JobId id = JobId.parse(string(map, "_id"));
        Instant createdAt = instant(map.get("created_at"));
        if (createdAt == null) {
            createdAt = Instant.ofEpochSecond(Long.parseLong(id.hex().substring(0, 8), 16));
        }
        Instant updatedAt = instant(map.get("updated_at"));
        Instant expiresAt = instant(map.get("lease_expires_at"));
        Lease lease = expiresAt == null ? null
                : new Lease(string(map, "worker_id"), instant(map.get("claimed_at")), expiresAt);
        Object result = map.get("result");
        String status = string(map, "status");
        return new Job(
                id,
                VideoId.parse(string(map, "video_id")),
                status == null ? JobStatus.PENDING : JobStatus.of(status),
                (int) Math.max(0, Math.min(100, number(map.get("progress")).longValue())),
                string(map, "status_message"),
                createdAt,
                updatedAt == null ? createdAt : updatedAt,
                instant(map.get("started_at")),
                instant(map.get("completed_at")),
                result instanceof Map<?, ?> r ? resultFromMap(r) : null,
                string(map, "error"),
                number(map.get("attempts")).intValue(),
                lease,
                instant(map.get("not_before")),
                map.get("active_video_id") != null,
                callbackFromMap(map),
                new LinkedHashMap<String, Object>(map));
    }

    static Map<String, Object> resultToMap(JobResult result) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("annotated_video_url", result.annotatedVideoUrl());
        map.put("stats", statsToMap(result.stats()));
        map.put("detections_url", result.detectionsUrl());
        map.put("warnings", result.warnings());
        if (result.objectsGeojsonUrl() != null) {
            map.put("objects_geojson_url", result.objectsGeojsonUrl());
        }
        if (result.thumbnailUrl() != null) {
            map.put("thumbnail_url", result.thumbnailUrl());
        }
        if (!result.categoryVideos().isEmpty()) {
            map.put("category_videos", new LinkedHashMap<>(result.categoryVideos()));
        }
        return map;
    }

    static JobResult resultFromMap(Map<?, ?> map) {
        Object stats = map.get("stats");
        Object detectionsUrl = map.get("detections_url");
        List<String> warnings = map.get("warnings") instanceof List<?> list
                ? list.stream().map(String::valueOf).toList() : List.of();
        Object objectsUrl = map.get("objects_geojson_url");
        Object thumbnailUrl = map.get("thumbnail_url");
        Map<String, String> categoryVideos = new LinkedHashMap<>();
        if (map.get("category_videos") instanceof Map<?, ?> videos) {
            videos.forEach((category, url) -> categoryVideos.put(String.valueOf(category), String.valueOf(url)));
        }
        return new JobResult(String.valueOf(map.get("annotated_video_url")),
                statsFromMap(stats instanceof Map<?, ?> s ? s : Map.of()),
                detectionsUrl == null ? null : detectionsUrl.toString(), warnings,
                objectsUrl == null ? null : objectsUrl.toString(),
                thumbnailUrl == null ? null : thumbnailUrl.toString(), categoryVideos);
    }

    static Map<String, Object> statsToMap(ProcessingStats stats) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("total_frames", stats.totalFrames());
        map.put("processed_frames", stats.processedFrames());
        map.put("detection_stats", new LinkedHashMap<>(stats.detectionStats()));
        map.put("total_detections", stats.totalDetections());
        map.put("video_duration", stats.videoDuration());
        map.put("output_path", stats.outputPath());
        map.put("fps", stats.fps());
        map.put("width", stats.width());
        map.put("height", stats.height());
        map.put("failed_frames", stats.failedFrames());
        map.put("stage_seconds", new LinkedHashMap<>(stats.stageSeconds()));
        map.put("unique_counts", new LinkedHashMap<>(stats.uniqueCounts()));
        if (!stats.endpoints().isEmpty()) {
            Map<String, Object> endpoints = new LinkedHashMap<>();
            for (EndpointStats endpoint : stats.endpoints()) {
                Map<String, Object> one = new LinkedHashMap<>();
                one.put("endpoint", endpoint.endpoint());
                one.put("frames_answered", endpoint.answered());
                one.put("frames_failed", endpoint.failed());
                one.put("latency_ms", new LinkedHashMap<>(Map.of("mean", endpoint.meanMillis(),
                        "p95", endpoint.p95Millis())));
                if (endpoint.lastError() != null) {
                    one.put("last_error", endpoint.lastError());
                }
                if (endpoint.leftOut() != null) {
                    one.put("left_out", endpoint.leftOut());
                }
                endpoints.put(endpoint.category(), one);
            }
            map.put("endpoints", endpoints);
        }
        return map;
    }

    private static List<EndpointStats> endpointsFromMap(Object value) {
        List<EndpointStats> endpoints = new ArrayList<>();
        if (value instanceof Map<?, ?> perCategory) {
            perCategory.forEach((category, item) -> {
                if (item instanceof Map<?, ?> one) {
                    Map<?, ?> latency = one.get("latency_ms") instanceof Map<?, ?> l ? l : Map.of();
                    endpoints.add(new EndpointStats(String.valueOf(category), String.valueOf(one.get("endpoint")),
                            number(one.get("frames_answered")).longValue(), number(one.get("frames_failed")).longValue(),
                            number(latency.get("mean")).doubleValue(), number(latency.get("p95")).doubleValue(),
                            one.get("last_error") == null ? null : String.valueOf(one.get("last_error")),
                            one.get("left_out") == null ? null : String.valueOf(one.get("left_out"))));
                }
            });
        }
        return endpoints;
    }

    static ProcessingStats statsFromMap(Map<?, ?> map) {
        Map<String, Long> counts = new LinkedHashMap<>();
        if (map.get("detection_stats") instanceof Map<?, ?> perClass) {
            perClass.forEach((name, count) -> counts.put(String.valueOf(name), number(count).longValue()));
        }
        Map<String, Double> stages = new LinkedHashMap<>();
        if (map.get("stage_seconds") instanceof Map<?, ?> perStage) {
            perStage.forEach((name, seconds) -> stages.put(String.valueOf(name), number(seconds).doubleValue()));
        }
        Map<String, Long> unique = new LinkedHashMap<>();
        if (map.get("unique_counts") instanceof Map<?, ?> perClass) {
            perClass.forEach((name, count) -> unique.put(String.valueOf(name), number(count).longValue()));
        }
        Object outputPath = map.get("output_path");
        return new ProcessingStats(
                number(map.get("total_frames")).longValue(),
                number(map.get("processed_frames")).longValue(),
                counts,
                number(map.get("total_detections")).longValue(),
                number(map.get("video_duration")).doubleValue(),
                outputPath == null ? null : outputPath.toString(),
                number(map.get("fps")).doubleValue(),
                number(map.get("width")).intValue(),
                number(map.get("height")).intValue(),
                number(map.get("failed_frames")).longValue(),
                stages,
                unique,
                endpointsFromMap(map.get("endpoints")));
    }

    /** A remaining time as the front-end shows it, as written: {@code 45s}, {@code 1m 20s}, {@code 2h 5m}. */
    static String etaText(Duration eta) {
        long seconds = Math.max(0, Math.round(eta.toMillis() / 1000.0));
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return seconds / 60 + "m " + seconds % 60 + "s";
        }
        return seconds / 3600 + "h " + seconds % 3600 / 60 + "m";
    }

    static String time(Instant instant) {
        return instant == null ? null : Timestamps.format(instant);
    }

    /** A timestamp as stored: an ISO-8601 string, an Instant or a Date; null when absent. */
    static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof Date date) {
            return date.toInstant();
        }
        return Timestamps.parse(value.toString());
    }

    private static String string(Map<String, ?> map, String key) {
        Object value = map.get(key);
        return value == null ? null : value.toString();
    }

    private static Number number(Object value) {
        return value instanceof Number n ? n : 0;
    }
}
