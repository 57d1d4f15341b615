package dev.mlpipeline.http;

import dev.mlpipeline.core.port.HealthCheck;
import dev.mlpipeline.core.port.VideoStore;
import dev.mlpipeline.core.service.JobService;
import dev.mlpipeline.core.service.VideoService;
import dev.mlpipeline.core.service.Worker;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.util.JavalinException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.server.handler.GracefulHandler;

/**
 * The HTTP API of docs/contract.md on Javalin: health, jobs and worker control, every answer JSON but
 * the metrics' (Prometheus' text format); and the web dashboard at {@code /}, with the upload folder's
 * files at {@code /uploads/...} for it to show.
 * Start it once; {@link #stop()} stops accepting connections and lets in-flight requests finish for
 * up to {@link HttpSettings#stopTimeout()}. It does not stop the worker: whoever built it does.
 */
public final class HttpApi implements AutoCloseable {
    /** The largest request body accepted (1 MiB; the origin has no limit); larger ones get 413. */
    public static final int MAX_BODY_BYTES = 1024 * 1024;

    private static final System.Logger LOG = System.getLogger(HttpApi.class.getName());

    private final Javalin app;
    private final List<String> routes = new ArrayList<>();
    private final Duration stopTimeout;

    public HttpApi(JobService jobs, VideoService videos, Worker worker, List<HealthCheck> healthChecks,
            HttpSettings settings) {
        this(jobs, videos, worker, healthChecks, settings, null);
    }

    /** With {@code GET /metrics} answered from {@code metrics} (none when null). */
    public HttpApi(JobService jobs, VideoService videos, Worker worker, List<HealthCheck> healthChecks,
            HttpSettings settings, MetricsSource metrics) {
        this(jobs, videos, worker, healthChecks, settings, metrics, List.of());
    }

    /**
     * With {@code GET /metrics} answered from {@code metrics} (none when null), and {@code GET /files}
     * redirecting to links from {@code stores} ({@link VideoStore#readLink}) for outputs that a browser
     * cannot read by their URL ({@code s3://}); with no stores, only {@code /uploads/} URLs have links.
     */
    public HttpApi(JobService jobs, VideoService videos, Worker worker, List<HealthCheck> healthChecks,
            HttpSettings settings, MetricsSource metrics, List<VideoStore> stores) {
        Objects.requireNonNull(jobs, "jobs");
        Objects.requireNonNull(worker, "worker");
        Objects.requireNonNull(healthChecks, "healthChecks");
        Objects.requireNonNull(settings, "settings");
        HealthRoute health = new HealthRoute(worker, healthChecks);
        JobRoutes jobRoutes = new JobRoutes(jobs);
        VideoRoutes videoRoutes = new VideoRoutes(Objects.requireNonNull(videos, "videos"));
        WorkerRoutes workerRoutes = new WorkerRoutes(worker);
        Dashboard dashboard = new Dashboard();
        UploadFiles uploads = new UploadFiles(settings.uploads());
        FileLinks links = new FileLinks(Objects.requireNonNull(stores, "stores"));
        ErrorMapper errors = new ErrorMapper(MAX_BODY_BYTES);
        this.stopTimeout = settings.stopTimeout();
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.startup.startupWatcherEnabled = false;
            config.jetty.host = settings.host();
            config.jetty.port = settings.port();
            config.http.maxRequestSize = MAX_BODY_BYTES;
            config.http.defaultContentType = Json.CONTENT_TYPE;
            config.http.prefer405over404 = true;
            // the origin's server merges repeated slashes: //jobs and /jobs//<id> work there
            config.router.treatMultipleSlashesAsSingleSlash = true;
            config.bundledPlugins.enableCors(cors -> cors.addRule(rule -> {
                if (settings.anyOrigin()) {
                    rule.anyHost();
                } else {
                    settings.corsOrigins().forEach(origin -> rule.allowHost(origin));
                }
            }));
            config.jetty.modifyServer(server -> {
                // Jetty's stop timeout defaults to 0, which cuts in-flight requests off (GracefulStopTest);
                // with one, stop() waits for them. The GracefulHandler (not in Javalin's default server)
                // also counts them and answers 503 to requests that arrive on kept-alive connections meanwhile.
                server.insertHandler(new GracefulHandler());
                server.setStopTimeout(settings.stopTimeout().toMillis());
            });
            errors.install(config);
            // on matched routes only: after the CORS plugin's own before-handler, so that a page can read a 401
            settings.apiToken().ifPresent(token -> config.routes.beforeMatched(new TokenCheck(token)::check));
            route(config, HandlerType.GET, "/health", health::show);
            route(config, HandlerType.POST, "/jobs", jobRoutes::create);
            route(config, HandlerType.GET, "/jobs", jobRoutes::list);
            route(config, HandlerType.GET, "/jobs/{id}", jobRoutes::show);
            route(config, HandlerType.POST, "/jobs/{id}/cancel", jobRoutes::cancel);
            route(config, HandlerType.POST, "/jobs/{id}/retry", jobRoutes::retry);
            route(config, HandlerType.GET, "/videos/{id}/frames", videoRoutes::frames);
            route(config, HandlerType.GET, "/videos/{id}/objects.geojson", videoRoutes::objects);
            route(config, HandlerType.POST, "/worker/start", workerRoutes::start);
            route(config, HandlerType.POST, "/worker/stop", workerRoutes::stop);
            if (metrics != null) {
                route(config, HandlerType.GET, "/metrics",
                        ctx -> ctx.contentType(MetricsSource.CONTENT_TYPE).result(metrics.scrape()));
            }
            route(config, HandlerType.GET, "/openapi.json", ApiDocuments.OPENAPI::serve);
            route(config, HandlerType.GET, "/docs", ApiDocuments.READER::serve);
            route(config, HandlerType.GET, "/", dashboard::index);
            route(config, HandlerType.GET, Dashboard.ASSETS + "{file}", dashboard::asset);
            route(config, HandlerType.GET, UploadFiles.PREFIX + "<path>", uploads::serve);
            route(config, HandlerType.GET, "/files", links::redirect);
        });
    }

    /** Adds a route and notes it, so that a test can hold the OpenAPI document against what is served. */
    private void route(JavalinConfig config, HandlerType method, String path, Handler handler) {
        config.routes.addHttpHandler(method, path, handler);
        // as OpenAPI writes a parameter: <path>, which may hold slashes, is {path} there
        routes.add(method.name() + " " + path.replace('<', '{').replace('>', '}'));
    }

    /** The routes served, as {@code "GET /jobs/{id}"}. */
    List<String> routes() {
        return List.copyOf(routes);
    }

    /** Binds and starts serving; a stopped API cannot be started again. */
    public void start() {
        app.start();
    }

    /** The port bound by {@link #start()}, also when the settings asked for port 0. */
    public int port() {
        return app.port();
    }

    /**
     * Stops accepting, waits for in-flight requests up to the stop timeout, then closes. Returns once
     * the server is stopped; requests still running at the timeout are cut off, with a warning.
     */
    public void stop() {
        try {
            app.stop();
        } catch (JavalinException e) {
            if (!(e.getCause() instanceof TimeoutException)) {
                throw e;
            }
            // Jetty has stopped everything by now: only the wait for the last requests ran out
            LOG.log(Level.WARNING, "HTTP server stopped after its stop timeout of " + stopTimeout.toMillis()
                    + " ms; requests still running were cut off");
        }
    }

    @Override
    public void close() {
        stop();
    }
}
