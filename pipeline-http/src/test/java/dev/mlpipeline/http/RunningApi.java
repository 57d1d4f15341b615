package dev.mlpipeline.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlpipeline.core.domain.QueueRules;
import dev.mlpipeline.core.port.HealthCheck;
import dev.mlpipeline.core.port.VideoStore;
import dev.mlpipeline.core.port.JobRepository;
import dev.mlpipeline.core.service.JobService;
import dev.mlpipeline.core.service.VideoService;
import dev.mlpipeline.core.service.Worker;
import dev.mlpipeline.core.service.WorkerSettings;
import dev.mlpipeline.core.testing.FakeClock;
import dev.mlpipeline.core.testing.InMemoryJobRepository;
import dev.mlpipeline.core.testing.InMemoryFrameQueries;
import dev.mlpipeline.core.testing.InMemoryVideoCatalog;
import dev.mlpipeline.core.testing.Processors;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** An {@link HttpApi} on a random loopback port over the core fakes, with an HTTP client to call it. */
final class RunningApi implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    /** No file is ever there: a job the worker runs fails on its video's file. */
    private static final Path NO_UPLOADS = Path.of("/nonexistent/ml-pipeline-http-tests/uploads");

    final JobRepository jobs;
    final InMemoryVideoCatalog videos = new InMemoryVideoCatalog();
    final InMemoryFrameQueries frames = new InMemoryFrameQueries();
    final FakeClock clock = new FakeClock();
    final Worker worker;
    final HttpApi api;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    RunningApi() {
        this(new InMemoryJobRepository(), List.of(new FixedHealthCheck("mongodb", HealthCheck.Health.up("ping ok"))));
    }

    RunningApi(JobRepository jobs, List<HealthCheck> checks) {
        this(jobs, checks, HttpSettings.DEFAULT_STOP_TIMEOUT);
    }

    RunningApi(JobRepository jobs, List<HealthCheck> checks, Duration stopTimeout) {
        this(jobs, checks, new HttpSettings("127.0.0.1", 0, stopTimeout));
    }

    RunningApi(HttpSettings settings) {
        this(new InMemoryJobRepository(), List.of(new FixedHealthCheck("mongodb", HealthCheck.Health.up("ping ok"))),
                settings);
    }

    RunningApi(JobRepository jobs, List<HealthCheck> checks, HttpSettings settings) {
        this(jobs, checks, settings, null);
    }

    RunningApi(HttpSettings settings, MetricsSource metrics) {
        this(new InMemoryJobRepository(), List.of(new FixedHealthCheck("mongodb", HealthCheck.Health.up("ping ok"))),
                settings, metrics);
    }

    RunningApi(HttpSettings settings, List<VideoStore> stores) {
        this(new InMemoryJobRepository(), List.of(new FixedHealthCheck("mongodb", HealthCheck.Health.up("ping ok"))),
                settings, null, stores);
    }

    RunningApi(JobRepository jobs, List<HealthCheck> checks, HttpSettings settings, MetricsSource metrics) {
        this(jobs, checks, settings, metrics, List.of());
    }

    RunningApi(JobRepository jobs, List<HealthCheck> checks, HttpSettings settings, MetricsSource metrics,
            List<VideoStore> stores) {
        this.jobs = jobs;
        this.worker = new Worker(jobs, Processors.withoutFiles(videos, jobs, clock, NO_UPLOADS), clock,
                new WorkerSettings("http-test-worker", Duration.ofMillis(20),
                        new QueueRules(Duration.ofSeconds(30), 3, Duration.ofMinutes(10))));
        JobService service = new JobService(jobs, videos, clock, worker::wake);
        this.api = new HttpApi(service, new VideoService(videos, frames), worker, checks, settings, metrics, stores);
        api.start();
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + api.port() + pathAndQuery);
    }

    Reply get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    Reply post(String path, String body) {
        return post(path, BodyPublishers.ofString(body));
    }

    Reply post(String path, BodyPublisher body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json").POST(body));
    }

    Reply method(String method, String path) {
        return send(HttpRequest.newBuilder(uri(path)).method(method, BodyPublishers.noBody()));
    }

    Reply send(HttpRequest.Builder request) {
        try {
            var response = client.send(request.timeout(Duration.ofSeconds(10)).build(), BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.headers().firstValue("Allow"), response.body(), response.headers());
        } catch (IOException e) {
            throw new AssertionError("request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    @Override
    public void close() {
        api.stop();
        try {
            worker.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One HTTP answer, its body parsed when it is JSON. */
    record Reply(int status, String contentType, Optional<String> allow, String body, HttpHeaders headers) {
        /** The header's value, or an empty string when the answer has none. */
        String header(String name) {
            return headers.firstValue(name).orElse("");
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("body is not JSON: " + body, e);
            }
        }

        boolean isJson() {
            return contentType.startsWith("application/json");
        }
    }

    /** A health check with a fixed answer. */
    record FixedHealthCheck(String name, HealthCheck.Health health) implements HealthCheck {
        @Override
        public Health check() {
            return health;
        }
    }
}
