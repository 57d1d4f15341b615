package dev.mlpipeline.sagemaker;

import dev.mlpipeline.core.domain.Detection;
import dev.mlpipeline.core.domain.EndpointStats;
import dev.mlpipeline.core.port.InferenceClient;
import dev.mlpipeline.core.port.InferenceException;
import dev.mlpipeline.core.port.InferenceUnavailableException;
import dev.mlpipeline.core.port.JpegEncoder;
import dev.mlpipeline.core.port.VideoFrame;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * SageMaker endpoints asked about every sampled frame, one per category ({@code lighting},
 * {@code pavement}, ...), as the main backend runs them. Each frame is shrunk and compressed once and
 * sent to every usable endpoint at once; its detections are all the answers together, each marked with
 * its category. An endpoint that fails a frame costs the frame only that endpoint's detections; the
 * frame fails when no endpoint answered it. Requests in flight, across frames and endpoints, never pass
 * {@code maxRequests}.
 *
 * <p>Each endpoint's status is read from the control plane ({@code DescribeEndpoint}) at start and
 * again when {@link EndpointStatuses#TTL} has passed; one that is not {@code InService} is left out
 * (with a warning on the job that names it) until it is, and {@link #readiness()} says so when none can
 * be used. One endpoint without a category ({@link #single}) is the origin's setup: its detections
 * carry no category and the job's stats no per-endpoint entry. Thread-safe.
 */
public final class SageMakerEndpoints implements InferenceClient, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SageMakerEndpoints.class.getName());
    private static final Pattern CATEGORY = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

    /** One category's endpoint; {@code name} is null for the single endpoint of the origin's setup. */
    public record Category(String name, String endpoint) {
        public Category {
            Objects.requireNonNull(endpoint, "endpoint");
            if (name != null && !CATEGORY.matcher(name).matches()) {
                throw new IllegalArgumentException("category '" + name
                        + "' must be lower-case letters, digits, '_' or '-', at most 63");
            }
        }

        String key() {
            return name == null ? endpoint : name;
        }
    }

    private final List<Category> categories;
    private final Map<String, SageMakerInferenceClient> clients = new LinkedHashMap<>();
    private final ExecutorService requests;
    private final EndpointStatuses statuses;
    private final int maxRequests;
    private final AutoCloseable ownedCredentials;

    private SageMakerEndpoints(List<Category> categories, SageMakerSettings base, int maxRequests,
            Optional<URI> controlUrl, AwsCredentialsProvider credentials, boolean ownsCredentials, JpegEncoder jpeg) {
        if (categories.isEmpty()) {
            throw new IllegalArgumentException("at least one endpoint is needed");
        }
        if (categories.stream().map(Category::key).distinct().count() < categories.size()) {
            throw new IllegalArgumentException("a category is given twice: " + categories);
        }
        this.categories = List.copyOf(categories);
        this.maxRequests = maxRequests;
        for (Category category : this.categories) {
            SageMakerSettings settings = new SageMakerSettings(category.endpoint(), base.region(), base.endpointUrl(),
                    base.requestTimeout(), base.maxAttempts(), maxRequests, base.modelInputSize(), base.codec(),
                    base.jpegQuality(), base.retryBaseDelay(), base.retryMaxDelay());
            clients.put(category.key(), SageMakerInferenceClient.create(settings, credentials, jpeg));
        }
        this.ownedCredentials = ownsCredentials && credentials instanceof AutoCloseable owned ? owned : null;
        AtomicInteger threads = new AtomicInteger();
        this.requests = Executors.newFixedThreadPool(maxRequests, task -> {
            Thread thread = new Thread(task, "sagemaker-request-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.statuses = new EndpointStatuses(EndpointStatuses.client(base.region(), controlUrl,
                new CheckedCredentials(credentials)), System::nanoTime);
        // read at start, but off the caller's thread: a slow control plane must not hold up the service's start
        requests.execute(() -> LOG.log(System.Logger.Level.INFO,
                "SageMaker endpoints at start: {0}; at most {1} requests in flight", readiness().detail(),
                String.valueOf(maxRequests)));
    }

    /**
     * The endpoints of {@code categories}, each called as {@code base} says (region, runtime URL,
     * timeouts, retries, codec), with credentials from the SDK's default chain.
     *
     * @param maxRequests requests in flight at most, across frames and endpoints
     * @param controlUrl  the control plane's URL instead of the region's, for DescribeEndpoint
     */
    public static SageMakerEndpoints create(List<Category> categories, SageMakerSettings base, int maxRequests,
            Optional<URI> controlUrl) {
        return create(categories, base, maxRequests, controlUrl, new ImageIoJpegEncoder());
    }

    /**
     * As {@link #create(List, SageMakerSettings, int, Optional)}, compressing frames with {@code jpeg}:
     * a native encoder is several times faster than the portable one, in Java, that the others use.
     */
    public static SageMakerEndpoints create(List<Category> categories, SageMakerSettings base, int maxRequests,
            Optional<URI> controlUrl, JpegEncoder jpeg) {
        return new SageMakerEndpoints(categories, base, maxRequests, controlUrl,
                DefaultCredentialsProvider.builder().build(), true, Objects.requireNonNull(jpeg, "jpeg"));
    }

    /** As {@link #create(List, SageMakerSettings, int, Optional)}, with credentials the caller keeps. */
    public static SageMakerEndpoints create(List<Category> categories, SageMakerSettings base, int maxRequests,
            Optional<URI> controlUrl, AwsCredentialsProvider credentials) {
        return create(categories, base, maxRequests, controlUrl, credentials, new ImageIoJpegEncoder());
    }

    /** As {@link #create(List, SageMakerSettings, int, Optional, JpegEncoder)}, with credentials the caller keeps. */
    public static SageMakerEndpoints create(List<Category> categories, SageMakerSettings base, int maxRequests,
            Optional<URI> controlUrl, AwsCredentialsProvider credentials, JpegEncoder jpeg) {
        return new SageMakerEndpoints(categories, base, maxRequests, controlUrl, credentials, false,
                Objects.requireNonNull(jpeg, "jpeg"));
    }

    /** The origin's setup: {@code settings}' one endpoint, without a category. */
    public static SageMakerEndpoints single(SageMakerSettings settings, Optional<URI> controlUrl) {
        return create(List.of(new Category(null, settings.endpointName())), settings, settings.maxInFlight(),
                controlUrl);
    }

    @Override
    public List<Detection> detect(VideoFrame frame) {
        return new Run().detect(frame);
    }

    @Override
    public InferenceClient forVideo() {
        return new Run();
    }

    @Override
    public List<String> categories() {
        return categories.stream().map(Category::name).filter(Objects::nonNull).toList();
    }

    @Override
    public Readiness readiness() {
        boolean any = false;
        List<String> parts = new ArrayList<>();
        for (Category category : categories) {
            String status = statuses.status(category.endpoint());
            any |= EndpointStatuses.usable(status);
            parts.add((category.name() == null ? "" : category.name() + "=") + category.endpoint() + ": " + status);
        }
        String detail = String.join(", ", parts);
        return new Readiness(any, any ? detail : "no endpoint is in service (" + detail + ")");
    }

    @Override
    public String describe() {
        return "sagemaker:" + categories.stream()
                .map(c -> c.name() == null ? c.endpoint() : c.name() + "=" + c.endpoint())
                .collect(Collectors.joining(","));
    }

    /** Frames in flight: each sends a request to every endpoint, and the requests share one bound. */
    @Override
    public int maxConcurrency() {
        return Math.max(1, maxRequests / categories.size());
    }

    @Override
    public void close() {
        requests.shutdownNow();
        clients.values().forEach(SageMakerInferenceClient::close);
        statuses.close();
        if (ownedCredentials != null) {
            try {
                ownedCredentials.close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.DEBUG, "closing the credentials provider failed", e);
            }
        }
    }

    /** One video's calls, with its own count of what each endpoint answered and failed. */
    private final class Run implements InferenceClient {
        private final Map<String, EndpointCounter> counters = new LinkedHashMap<>();

        Run() {
            categories.forEach(category -> counters.put(category.key(), new EndpointCounter()));
        }

        @Override
        public List<Detection> detect(VideoFrame frame) {
            List<Category> usable = new ArrayList<>();
            for (Category category : categories) {
                String status = statuses.status(category.endpoint());
                if (EndpointStatuses.usable(status)) {
                    usable.add(category);
                } else {
                    counters.get(category.key()).leftOut("endpoint is " + status);
                }
            }
            if (usable.isEmpty()) {
                throw new InferenceUnavailableException("no SageMaker endpoint is in service: " + readiness().detail(),
                        null);
            }
            SageMakerInferenceClient first = clients.get(usable.get(0).key());
            SageMakerInferenceClient.Request request = first.request(frame);
            Map<Category, Future<List<Detection>>> answers = new LinkedHashMap<>();
            for (Category category : usable) {
                answers.put(category, requests.submit(() -> ask(category, request, frame)));
            }
            return gather(frame, answers);
        }

        private List<Detection> ask(Category category, SageMakerInferenceClient.Request request, VideoFrame frame) {
            EndpointCounter counter = counters.get(category.key());
            long start = System.nanoTime();
            try {
                List<Detection> found = clients.get(category.key()).invoke(request, frame);
                counter.answered(System.nanoTime() - start);
                return category.name() == null ? found
                        : found.stream().map(detection -> detection.inCategory(category.name())).toList();
            } catch (RuntimeException e) {
                counter.failed(e.getMessage());
                throw e;
            }
        }

        private List<Detection> gather(VideoFrame frame, Map<Category, Future<List<Detection>>> answers) {
            List<Detection> all = new ArrayList<>();
            Map<Category, RuntimeException> failures = new LinkedHashMap<>();
            try {
                for (Map.Entry<Category, Future<List<Detection>>> answer : answers.entrySet()) {
                    try {
                        all.addAll(answer.getValue().get());
                    } catch (ExecutionException e) {
                        failures.put(answer.getKey(), e.getCause() instanceof RuntimeException r ? r
                                : new InferenceException(String.valueOf(e.getCause()), false, e.getCause()));
                    }
                }
            } catch (InterruptedException e) {
                answers.values().forEach(future -> future.cancel(true));
                Thread.currentThread().interrupt();
                throw new InferenceException("interrupted while waiting for the endpoints", false, e);
            }
            if (failures.size() < answers.size()) {
                return List.copyOf(all);
            }
            if (answers.size() == 1) {
                throw failures.values().iterator().next();
            }
            boolean unavailable = failures.values().stream().allMatch(InferenceUnavailableException.class::isInstance);
            String message = "no endpoint answered frame " + frame.index() + ": " + failures.entrySet().stream()
                    .map(f -> f.getKey().key() + ": " + f.getValue().getMessage())
                    .collect(Collectors.joining("; "));
            RuntimeException cause = failures.values().iterator().next();
            if (unavailable) {
                throw new InferenceUnavailableException(message, cause);
            }
            boolean retryable = failures.values().stream()
                    .anyMatch(f -> f instanceof InferenceException i && i.retryable());
            // fewer requests at once helps only if load is what every endpoint refused for
            boolean throttled = failures.values().stream()
                    .allMatch(f -> f instanceof InferenceException i && i.throttled());
            throw new InferenceException(message, retryable, throttled, cause);
        }

        @Override
        public List<EndpointStats> endpointStats() {
            List<EndpointStats> stats = new ArrayList<>();
            for (Category category : categories) {
                if (category.name() != null) {
                    stats.add(counters.get(category.key()).stats(category));
                }
            }
            return stats;
        }

        @Override
        public Readiness readiness() {
            return SageMakerEndpoints.this.readiness();
        }

        @Override
        public List<String> categories() {
            return SageMakerEndpoints.this.categories();
        }

        @Override
        public String describe() {
            return SageMakerEndpoints.this.describe();
        }

        @Override
        public int maxConcurrency() {
            return SageMakerEndpoints.this.maxConcurrency();
        }
    }
}
