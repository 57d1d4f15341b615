package dev.mlpipeline.http;

/**
 * What {@code GET /metrics} serves: the service's metrics in Prometheus' text format (version 0.0.4),
 * read afresh on every call. Must be thread-safe; a failure is answered as a 500 like any other.
 */
@FunctionalInterface
public interface MetricsSource {
    /** The content type of Prometheus' text format. */
    String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    String scrape();
}
