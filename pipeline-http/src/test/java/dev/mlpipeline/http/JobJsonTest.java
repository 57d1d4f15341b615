package dev.mlpipeline.http;

import static dev.mlpipeline.core.testing.Builders.aPendingJob;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mlpipeline.core.domain.Job;
import dev.mlpipeline.core.domain.JobResult;
import dev.mlpipeline.core.domain.JobStatus;
import dev.mlpipeline.core.domain.ProcessingStats;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobJsonTest {
    private static final Instant T = Instant.parse("2026-03-04T05:06:07.000001Z");

    @Test
    void aStoredDocumentIsShownAsItIsWithNothingDroppedOrAdded() {
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("total_frames", 300);
        stats.put("detection_stats", Map.of("pothole", 2));
        Map<String, Object> stored = new LinkedHashMap<>();
        stored.put("_id", "65a1b2c3d4e5f6a7b8c9d0ff");
        stored.put("video_id", "65a1b2c3d4e5f6a7b8c9d0e1");
        stored.put("status", "queued");
        stored.put("progress", 42.5);
        stored.put("priority", 7L);
        stored.put("requested_by", Map.of("user", "ana", "at", T));
        stored.put("result", Map.of("annotated_video_url", "/uploads/annotated_a.mp4", "stats", stats));
        stored.put("created_at", "2026-01-02T03:04:05");
        Job job = withStored(aPendingJob().status(JobStatus.of("queued")).build(), stored);

        Map<String, Object> shown = JobJson.of(job);

        assertEquals(List.copyOf(stored.keySet()), List.copyOf(shown.keySet()));
        assertEquals(42.5, shown.get("progress"));
        assertEquals(7L, shown.get("priority"));
        assertEquals(Map.of("user", "ana", "at", "2026-03-04T05:06:07.000001Z"), shown.get("requested_by"),
                "a date becomes an ISO-8601 string");
        assertEquals(Map.of("annotated_video_url", "/uploads/annotated_a.mp4", "stats", stats), shown.get("result"),
                "no stats field that the document lacks");
        assertEquals("2026-01-02T03:04:05", shown.get("created_at"), "a string stays as it was written");
    }

    @Test
    void aJobThatNoStoreReturnedIsShownByTheFieldsThatAreSetUnderTheContractsNames() {
        Map<String, Object> pending = JobJson.of(aPendingJob().build());

        assertEquals(List.of("_id", "video_id", "status", "progress", "status_message", "created_at", "updated_at",
                "attempts"), List.copyOf(pending.keySet()));
    }

    @Test
    void aCompletedJobsResultUsesTheContractsNames() {
        ProcessingStats stats = new ProcessingStats(90, 30, Map.of("person", 4L), 4, 3.0, "/u/a.mp4", 30, 640, 360, 0,
                Map.of());
        Job done = aPendingJob().status(JobStatus.COMPLETED).build();
        Job completed = new Job(done.id(), done.videoId(), done.status(), 100, "Completed", T, T, T, T,
                new JobResult("/uploads/annotated_a.mp4", stats, null, List.of("cut short")), null, 1, null, null,
                false);

        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) JobJson.of(completed).get("result");

        assertEquals(List.of("annotated_video_url", "stats", "warnings"), List.copyOf(result.keySet()),
                "no detections_url or objects_geojson_url: the result has none");
        @SuppressWarnings("unchecked")
        Map<String, Object> shownStats = (Map<String, Object>) result.get("stats");
        assertEquals(List.of("total_frames", "processed_frames", "detection_stats", "total_detections",
                "video_duration", "output_path", "fps", "width", "height", "failed_frames", "stage_seconds",
                "unique_counts"),
                List.copyOf(shownStats.keySet()));
        assertEquals("2026-03-04T05:06:07.000001Z", JobJson.of(completed).get("completed_at"));
    }

    private static Job withStored(Job job, Map<String, Object> stored) {
        return new Job(job.id(), job.videoId(), job.status(), job.progress(), job.statusMessage(), job.createdAt(),
                job.updatedAt(), job.startedAt(), job.completedAt(), job.result(), job.error(), job.attempts(),
                job.lease(), job.notBefore(), job.holdsVideo(), job.callback(), stored);
    }
}
