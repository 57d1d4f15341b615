package dev.mlpipeline.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.mlpipeline.core.domain.Job;
import dev.mlpipeline.core.domain.JobResult;
import dev.mlpipeline.core.domain.Lease;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A job as the API shows it. A job that its store returned is shown as the store holds it: every field
 * and status word, another program's too, with nothing added; dates become ISO-8601 strings. A job that
 * no store returned (a fake store's, in tests and embeddings) is shown by the fields that are set, under
 * the contract's names (docs/contract.md).
 */
final class JobJson {
    // the result's and the stats' record components, named as the contract names them (total_frames, ...);
    // a part that is not set is left out, as elsewhere in this view
    private static final ObjectMapper SNAKE_CASE = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .serializationInclusion(JsonInclude.Include.NON_NULL).build();

    private JobJson() {
    }

    static Map<String, Object> of(Job job) {
        if (!job.stored().isEmpty()) {
            Map<String, Object> shown = new LinkedHashMap<>();
            job.stored().forEach((name, value) -> shown.put(name, shown(value)));
            return shown;
        }
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("_id", job.id().hex());
        map.put("video_id", job.videoId().hex());
        map.put("status", job.status().wire());
        map.put("progress", job.progress());
        putIfSet(map, "status_message", job.statusMessage());
        map.put("created_at", job.createdAt().toString());
        map.put("updated_at", job.updatedAt().toString());
        putIfSet(map, "started_at", job.startedAt());
        putIfSet(map, "completed_at", job.completedAt());
        putIfSet(map, "result", job.result() == null ? null : result(job.result()));
        putIfSet(map, "error", job.error());
        map.put("attempts", job.attempts());
        Lease lease = job.lease();
        if (lease != null) {
            putIfSet(map, "worker_id", lease.workerId());
            putIfSet(map, "claimed_at", lease.claimedAt());
            putIfSet(map, "lease_expires_at", lease.expiresAt());
        }
        putIfSet(map, "not_before", job.notBefore());
        putIfSet(map, "active_video_id", job.holdsVideo() ? job.videoId().hex() : null);
        if (job.callback() != null) {
            map.put("callback_url", job.callback().url());
            if (!job.callback().deliveries().isEmpty()) {
                map.put("callback_deliveries", job.callback().deliveries().stream()
                        .map(delivery -> shown(SNAKE_CASE.convertValue(delivery, Map.class))).toList());
            }
        }
        return map;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> result(JobResult result) {
        Map<String, Object> shown = SNAKE_CASE.convertValue(result, Map.class);
        // as the store writes it: one model, no per-endpoint entry and no category videos
        if (result.stats().endpoints().isEmpty() && shown.get("stats") instanceof Map<?, ?> stats) {
            ((Map<String, Object>) stats).remove("endpoints");
        }
        if (result.categoryVideos().isEmpty()) {
            shown.remove("category_videos");
        }
        return shown;
    }

    private static void putIfSet(Map<String, Object> map, String name, Object value) {
        if (value != null) {
            map.put(name, shown(value));
        }
    }

    /** A stored value as JSON shows it: dates as ISO-8601 strings, inside maps and lists too; the rest as it is. */
    static Object shown(Object value) {
        if (value instanceof Instant instant) {
            return instant.toString();
        }
        if (value instanceof Map<?, ?> nested) {
            Map<String, Object> map = new LinkedHashMap<>();
            nested.forEach((name, inner) -> map.put(String.valueOf(name), shown(inner)));
            return map;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(JobJson::shown).toList();
        }
        return value;
    }
}
