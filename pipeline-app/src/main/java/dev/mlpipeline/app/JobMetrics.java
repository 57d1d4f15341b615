package dev.mlpipeline.app;

import dev.mlpipeline.core.domain.EndpointStats;
import dev.mlpipeline.core.domain.Job;
import dev.mlpipeline.core.domain.LeaseToken;
import dev.mlpipeline.core.domain.ProcessingStats;
import dev.mlpipeline.core.service.JobContext;
import dev.mlpipeline.core.service.JobHandler;
import dev.mlpipeline.core.service.Outcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;

/**
 * The handler the worker runs, measured: how long processing took by outcome, frames decoded, sampled
 * and failed, each model endpoint's requests (answered, failed) and their summed latency (divided by the
 * answered ones, the mean), attempts that lost their job to another worker (lease takeovers) and jobs
 * failed as abandoned. Counted when the outcome is recorded, so a discarded attempt's frames do not count.
 */
final class JobMetrics extends ForwardingJobHandler {
    private final MeterRegistry registry;

    JobMetrics(JobHandler handler, MeterRegistry registry) {
        super(handler);
        this.registry = registry;
    }

    @Override
    public Outcome process(Job job, JobContext context) {
        Timer.Sample sample = Timer.start(registry);
        String outcome = "failed";
        try {
            Outcome result = super.process(job, context);
            outcome = nameOf(result);
            return result;
        } finally {
            sample.stop(Timer.builder("ml.pipeline.job.duration").description("processing time of an attempt")
                    .tag("outcome", outcome).register(registry));
        }
    }

    @Override
    public void recorded(Job job, LeaseToken token, Outcome outcome) {
        if (outcome instanceof Outcome.Completed completed && completed.result().stats() != null) {
            count(completed.result().stats());
        }
        super.recorded(job, token, outcome);
    }

    @Override
    public void rejected(Job job, LeaseToken token, Outcome outcome) {
        Counter.builder("ml.pipeline.lease.takeovers").description("attempts whose job another worker took over"
                + " before they could record their outcome").register(registry).increment();
        super.rejected(job, token, outcome);
    }

    @Override
    public void abandoned(Job job, String error) {
        Counter.builder("ml.pipeline.jobs.abandoned").description("jobs failed because their worker was lost on"
                + " every attempt").register(registry).increment();
        super.abandoned(job, error);
    }

    private void count(ProcessingStats stats) {
        frames("decoded", stats.totalFrames());
        frames("sampled", stats.processedFrames());
        frames("failed", stats.failedFrames());
        for (EndpointStats endpoint : stats.endpoints()) {
            requests(endpoint, "answered", endpoint.answered());
            requests(endpoint, "failed", endpoint.failed());
            Counter.builder("ml.pipeline.inference.latency").baseUnit("seconds")
                    .description("answered requests' latency, summed: divide by the answered requests for the mean")
                    .tags("category", endpoint.category(), "endpoint", endpoint.endpoint()).register(registry)
                    .increment(endpoint.meanMillis() * endpoint.answered() / 1000.0);
        }
    }

    private void frames(String kind, long count) {
        Counter.builder("ml.pipeline.frames").description("frames of completed jobs: decoded, sampled (sent to"
                + " the model) and failed (no answer)").tag("kind", kind).register(registry).increment(count);
    }

    private void requests(EndpointStats endpoint, String outcome, long count) {
        Counter.builder("ml.pipeline.inference.requests").description("requests to each model endpoint")
                .tags("category", endpoint.category(), "endpoint", endpoint.endpoint(), "outcome", outcome)
                .register(registry).increment(count);
    }

    private static String nameOf(Outcome outcome) {
        if (outcome == null || outcome instanceof Outcome.Failed) {
            return "failed";
        }
        if (outcome instanceof Outcome.Completed) {
            return "completed";
        }
        if (outcome instanceof Outcome.Deferred) {
            return "deferred";
        }
        return outcome.getClass().getSimpleName().toLowerCase(Locale.ROOT);
    }
}
