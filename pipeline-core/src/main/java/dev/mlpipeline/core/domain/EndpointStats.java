package dev.mlpipeline.core.domain;

import java.util.Objects;

/**
 * How one model endpoint did over one video: the sampled frames it answered and failed, its latency
 * per answer in milliseconds (mean and 95th percentile, 0 without answers), its last error (null
 * without failures), and why it was left out of the run (null when it was used). Immutable.
 */
public record EndpointStats(String category, String endpoint, long answered, long failed, double meanMillis,
        double p95Millis, String lastError, String leftOut) {
    public EndpointStats {
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(endpoint, "endpoint");
        if (answered < 0 || failed < 0) {
            throw new IllegalArgumentException("counts must not be negative");
        }
    }

    /** A warning for the job when this endpoint was left out or failed frames; null when all went well. */
    public String warning() {
        if (leftOut != null) {
            return "category " + category + " (endpoint " + endpoint + ") was left out: " + leftOut;
        }
        if (failed == 0) {
            return null;
        }
        if (answered == 0) {
            return "category " + category + " (endpoint " + endpoint + ") answered none of " + failed
                    + " sampled frames; last error: " + lastError;
        }
        return "category " + category + " (endpoint " + endpoint + ") failed on " + failed + " of "
                + (answered + failed) + " sampled frames; last error: " + lastError;
    }
}
