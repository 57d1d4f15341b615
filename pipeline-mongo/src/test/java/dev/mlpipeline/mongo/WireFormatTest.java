package dev.mlpipeline.mongo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.mlpipeline.core.domain.EndpointStats;
import dev.mlpipeline.core.domain.Callback;
import dev.mlpipeline.core.domain.CallbackDelivery;
import dev.mlpipeline.core.domain.Job;
import dev.mlpipeline.core.domain.JobId;
import dev.mlpipeline.core.domain.JobResult;
import dev.mlpipeline.core.domain.JobStatus;
import dev.mlpipeline.core.domain.Lease;
import dev.mlpipeline.core.domain.ProcessingStats;
import dev.mlpipeline.core.domain.VideoId;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WireFormatTest {
    private static final Instant T = Instant.parse("2026-03-04T05:06:07.000001Z");
    private final JobId id = JobId.next(T);
    private final VideoId videoId = VideoId.parse("65a1b2c3d4e5f60718293a4b");

    @Test
    void eachEndpointsStatsAreWrittenUnderItsCategoryAndReadBack() {
        ProcessingStats stats = new ProcessingStats(30, 10, Map.of("crack", 4L), 4, 1.0, "/out.mp4", 30, 320, 240, 0,
                Map.of(), Map.of("crack", 1L), List.of(
                        new EndpointStats("pavement", "rr-pavement", 10, 0, 101.5, 140.0, null, null),
                        new EndpointStats("its", "rr-its", 0, 10, 0, 0, "weights not loaded", null),
                        new EndpointStats("oia", "rr-oia", 0, 0, 0, 0, null, "endpoint is Updating")));

        Map<String, Object> written = WireFormat.statsToMap(stats);

        assertEquals(Map.of("endpoint", "rr-pavement", "frames_answered", 10L, "frames_failed", 0L,
                "latency_ms", Map.of("mean", 101.5, "p95", 140.0)),
                ((Map<?, ?>) written.get("endpoints")).get("pavement"));
        assertEquals("weights not loaded", ((Map<?, ?>) ((Map<?, ?>) written.get("endpoints")).get("its"))
                .get("last_error"));
        assertEquals(stats, WireFormat.statsFromMap(written));
        assertNull(WireFormat.statsToMap(new ProcessingStats(30, 10, Map.of(), 0, 1.0, "/out.mp4", 30, 320, 240, 0,
                Map.of(), Map.of())).get("endpoints"), "one model: no endpoints entry, as the origin writes");
    }

    @Test
    void writesTheContractsFieldNamesAndForms() {
        Map<String, Object> map = WireFormat.jobToMap(Job.pending(id, videoId, T));

        assertEquals(id.hex(), map.get("_id"));
        assertEquals("65a1b2c3d4e5f60718293a4b", map.get("video_id"));
        assertEquals("pending", map.get("status"));
        assertEquals(0, map.get("progress"));
        assertEquals("2026-03-04T05:06:07.000001Z", map.get("created_at"));
        assertEquals(List.of("_id", "video_id", "status", "progress", "status_message", "created_at", "updated_at",
                "started_at", "completed_at", "result", "error", "attempts", "worker_id", "claimed_at",
                "lease_expires_at", "not_before", "active_video_id", "callback_url", "callback_deliveries"),
                List.copyOf(map.keySet()));
    }

    @Test
    void roundTripsACompletedJob() {
        ProcessingStats stats = new ProcessingStats(90, 30, Map.of("person", 4L), 4, 3.003, "/u/a.mp4", 29.97,
                640, 360, 1, Map.of("decode", 0.5, "inference", 1.25, "encode", 0.75, "wall", 1.5));
        JobResult result = new JobResult("/uploads/annotated_a.mp4", stats, "/uploads/annotated_a.detections.json",
                List.of("the video ends early"));
        Job job = new Job(id, videoId, JobStatus.COMPLETED, 100, "Completed", T, T.plusSeconds(9), T.plusSeconds(1),
                T.plusSeconds(9), result, null, 2,
                new Lease("w1", T, T.plusSeconds(60)), T.plusSeconds(3), true)
                .withCallback(Callback.to("https://receiver.example/hook").with(new CallbackDelivery(1, "job.completed",
                        T.plusSeconds(10), 503, "Service Unavailable", 12)));

        Map<String, Object> map = WireFormat.jobToMap(job);
        Job read = WireFormat.jobFromMap(map);

        assertEquals(job, unstored(read));
        assertEquals(map, read.stored());
    }

    @Test
    void readsAnotherProgramsWordsAndValuesAndKeepsTheDocumentAsStored() {
        Map<String, Object> stored = new LinkedHashMap<>();
        stored.put("_id", id.hex());
        stored.put("video_id", videoId.hex());
        stored.put("status", "queued");
        stored.put("progress", 42.5);
        stored.put("priority", 7L);
        stored.put("created_at", T);

        Job job = WireFormat.jobFromMap(stored);

        assertEquals(JobStatus.of("queued"), job.status());
        assertEquals(42, job.progress(), "ml-pipeline's reading");
        assertEquals(stored, job.stored(), "the document itself, for adapters to show");
    }

    @Test
    void theTimeLeftReadsAsAPersonWouldSayIt() {
        assertEquals("0s", WireFormat.etaText(java.time.Duration.ZERO));
        assertEquals("45s", WireFormat.etaText(java.time.Duration.ofMillis(44_600)));
        assertEquals("1m 20s", WireFormat.etaText(java.time.Duration.ofSeconds(80)));
        assertEquals("2h 5m", WireFormat.etaText(java.time.Duration.ofSeconds(2 * 3600 + 5 * 60 + 59)));
    }

    private static Job unstored(Job job) {
        return new Job(job.id(), job.videoId(), job.status(), job.progress(), job.statusMessage(), job.createdAt(),
                job.updatedAt(), job.startedAt(), job.completedAt(), job.result(), job.error(), job.attempts(),
                job.lease(), job.notBefore(), job.holdsVideo(), job.callback(), Map.of());
    }

    @Test
    void readsAMinimalDocumentInsertedByAnotherProgram() {
        Map<String, Object> map = new HashMap<>();
        map.put("_id", id.hex());
        map.put("video_id", videoId.hex());
        map.put("status", "pending");
        map.put("created_at", "2024-05-06T07:08:09");

        Job job = WireFormat.jobFromMap(map);

        assertEquals(JobStatus.PENDING, job.status());
        assertEquals(0, job.progress());
        assertEquals(0, job.attempts());
        assertEquals(Instant.parse("2024-05-06T07:08:09Z"), job.createdAt());
        assertEquals(job.createdAt(), job.updatedAt());
        assertNull(job.lease());
    }

    @Test
    void fallsBackToTheIdsTimeWhenCreatedAtIsMissingAndReadsDates() {
        Map<String, Object> map = new HashMap<>();
        map.put("_id", id.hex());
        map.put("video_id", videoId.hex());
        map.put("updated_at", Date.from(T));

        Job job = WireFormat.jobFromMap(map);

        assertEquals(Instant.ofEpochSecond(T.getEpochSecond()), job.createdAt());
        assertEquals(T.truncatedTo(java.time.temporal.ChronoUnit.MILLIS), job.updatedAt());
    }
}
