package dev.mlpipeline.sagemaker;

import dev.mlpipeline.core.domain.EndpointStats;
import java.util.Arrays;

/** What one endpoint answered and failed over one video, and how long its answers took. Thread-safe. */
final class EndpointCounter {
    private long failed;
    private long[] latencies = new long[64];
    private int answered;
    private String lastError;
    private String leftOut;

    synchronized void answered(long nanos) {
        if (answered == latencies.length) {
            latencies = Arrays.copyOf(latencies, answered * 2);
        }
        latencies[answered++] = nanos;
    }

    synchronized void failed(String error) {
        failed++;
        lastError = error;
    }

    synchronized void leftOut(String reason) {
        leftOut = reason;
    }

    synchronized EndpointStats stats(SageMakerEndpoints.Category category) {
        long[] sorted = Arrays.copyOf(latencies, answered);
        Arrays.sort(sorted);
        double mean = answered == 0 ? 0 : Arrays.stream(sorted).average().orElse(0) / 1e6;
        // nearest rank: the smallest latency that at least 95% of the answers did not exceed
        double p95 = answered == 0 ? 0 : sorted[(int) Math.ceil(0.95 * answered) - 1] / 1e6;
        return new EndpointStats(category.name(), category.endpoint(), answered, failed, round(mean), round(p95),
                lastError, leftOut);
    }

    private static double round(double millis) {
        return Math.round(millis * 10) / 10.0;
    }
}
