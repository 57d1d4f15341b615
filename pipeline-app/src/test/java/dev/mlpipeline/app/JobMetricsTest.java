package dev.mlpipeline.app;

import static dev.mlpipeline.core.testing.Builders.aPendingJob;
import static dev.mlpipeline.core.testing.Builders.someStats;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mlpipeline.core.domain.EndpointStats;
import dev.mlpipeline.core.domain.Job;
import dev.mlpipeline.core.domain.JobResult;
import dev.mlpipeline.core.domain.ProcessingStats;
import dev.mlpipeline.core.service.Outcome;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the worker's handler adds to the metrics, outcome by outcome. */
class JobMetricsTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Job job = aPendingJob().build();

    @Test
    void aRecordedCompletionCountsItsFramesAndEachEndpointsRequestsAndLatency() {
        ProcessingStats stats = new ProcessingStats(90, 30, Map.of(), 0, 3.0, "x.mp4", 30, 320, 240, 2, Map.of(),
                Map.of(), List.of(new EndpointStats("its", "rr-its", 28, 2, 120.0, 200.0, null, null)));
        Outcome completed = new Outcome.Completed(new JobResult("/uploads/x.mp4", stats, null));
        JobMetrics metrics = new JobMetrics((claimed, context) -> completed, registry);

        metrics.process(job, null);
        metrics.recorded(job, null, completed);

        assertEquals(90, registry.get("ml.pipeline.frames").tag("kind", "decoded").counter().count());
        assertEquals(30, registry.get("ml.pipeline.frames").tag("kind", "sampled").counter().count());
        assertEquals(2, registry.get("ml.pipeline.frames").tag("kind", "failed").counter().count());
        assertEquals(28, registry.get("ml.pipeline.inference.requests").tags("category", "its", "outcome", "answered")
                .counter().count());
        assertEquals(2, registry.get("ml.pipeline.inference.requests").tags("category", "its", "outcome", "failed")
                .counter().count());
        assertEquals(28 * 0.120, registry.get("ml.pipeline.inference.latency").tag("endpoint", "rr-its").counter()
                .count(), 1e-9);
        assertEquals(1, registry.get("ml.pipeline.job.duration").tag("outcome", "completed").timer().count());
    }

    @Test
    void aTakenOverAttemptCountsAsATakeoverAndItsFramesDoNot() {
        Outcome completed = new Outcome.Completed(new JobResult("/uploads/x.mp4", someStats(), null));
        JobMetrics metrics = new JobMetrics((claimed, context) -> completed, registry);

        metrics.process(job, null);
        metrics.rejected(job, null, completed);

        assertEquals(1, registry.get("ml.pipeline.lease.takeovers").counter().count());
        assertEquals(0, registry.find("ml.pipeline.frames").counters().size());
    }

    @Test
    void aHandlerThatThrowsIsTimedAsFailed() {
        JobMetrics metrics = new JobMetrics((claimed, context) -> {
            throw new IllegalStateException("native decoder crashed");
        }, registry);

        try {
            metrics.process(job, null);
        } catch (IllegalStateException expected) {
            // the worker fails the job; the metrics only time it
        }

        assertEquals(1, registry.get("ml.pipeline.job.duration").tag("outcome", "failed").timer().count());
    }
}
