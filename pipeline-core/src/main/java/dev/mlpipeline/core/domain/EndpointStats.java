package dev.mlpipeline.core.domain;

import java.util.Objects;

/**
 * How one model endpoint did over one video: the sampled frames it answered and failed, its latency
 * per answer in milliseconds (mean and 95th percentile, 0 without answers), its last error (null
 * without failures), and why it was left out of the run (null when it was used). Immutable.
 *
 * @param category the model category the endpoint serves, such as {@code lighting}
 * @param endpoint the endpoint's name
 * @param answered how many sampled frames it answered
 * @param failed how many sampled frames it failed on
 * @param meanMillis its mean latency per answer in milliseconds, 0 without answers
 * @param p95Millis its 95th percentile latency per answer in milliseconds, 0 without answers
 * @param lastError its last error, null without failures
 * @param leftOut why it was left out of the run, null when it was used
 */
public record EndpointStats(String category, String endpoint, long answered, long failed, double meanMillis,
        double p95Millis, String lastError, String leftOut) {
    /**
     * Checks the parts.
     *
     * @param category the category, not null
     * @param endpoint the endpoint's name, not null
     * @param answered frames answered, not negative
     * @param failed frames failed, not negative
     * @param meanMillis the mean latency in milliseconds
     * @param p95Millis the 95th percentile latency in milliseconds
     * @param lastError the last error, or null
     * @param leftOut why it was left out, or null
     * @throws NullPointerException when {@code category} or {@code endpoint} is null
     * @throws IllegalArgumentException when {@code answered} or {@code failed} is negative
     */
    public EndpointStats {
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(endpoint, "endpoint");
        if (answered < 0 || failed < 0) {
            throw new IllegalArgumentException("counts must not be negative");
        }
    }

    /**
     * A warning for the job when this endpoint was left out or failed frames; null when all went well.
     *
     * @return a sentence for a person to read that names the category and the endpoint, or null
     */
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
