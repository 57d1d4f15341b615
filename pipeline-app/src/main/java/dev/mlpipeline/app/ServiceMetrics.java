package dev.mlpipeline.app;

import dev.mlpipeline.core.domain.JobStatus;
import dev.mlpipeline.core.port.JobRepository;
import dev.mlpipeline.core.port.StoreUnavailableException;
import dev.mlpipeline.http.MetricsSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The service's metrics for {@code GET /metrics}, in Micrometer's Prometheus registry: the JVM's
 * (memory, collections, threads, classes, CPU, uptime), the queue's (jobs by status and the pending
 * ones, counted in the store at each scrape, so that every instance reports the whole shared queue)
 * and the worker's, which {@link JobMetrics} records. Thread-safe.
 */
final class ServiceMetrics implements MetricsSource, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ServiceMetrics.class.getName());

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics collections = new JvmGcMetrics();
    private final JobRepository jobs;
    private final MultiGauge byStatus;
    private final AtomicLong pending = new AtomicLong();

    ServiceMetrics(JobRepository jobs) {
        this.jobs = jobs;
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        collections.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        byStatus = MultiGauge.builder("ml.pipeline.jobs").description("jobs in the queue by status, other"
                + " programs' words included").register(registry);
        Gauge.builder("ml.pipeline.queue.depth", pending, AtomicLong::get)
                .description("pending jobs: the queue's backlog").register(registry);
    }

    MeterRegistry registry() {
        return registry;
    }

    @Override
    public synchronized String scrape() {
        try {
            Map<JobStatus, Long> counts = jobs.countByStatus();
            byStatus.register(counts.entrySet().stream()
                    .map(count -> MultiGauge.Row.of(Tags.of("status", count.getKey().wire()), count.getValue()))
                    .toList(), true);
            pending.set(counts.getOrDefault(JobStatus.PENDING, 0L));
        } catch (StoreUnavailableException e) {
            // the rest still answers; the queue's gauges keep their last values and /health tells of the outage
            LOG.log(Level.WARNING, "metrics: could not count the jobs: " + e.getMessage());
        }
        return registry.scrape();
    }

    @Override
    public void close() {
        collections.close();
        registry.close();
    }
}
