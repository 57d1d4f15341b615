package dev.mlpipeline.app;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import dev.mlpipeline.core.port.Clock;
import dev.mlpipeline.core.port.InferenceClient;
import dev.mlpipeline.core.port.StoreUnavailableException;
import dev.mlpipeline.core.service.CallbackDispatcher;
import dev.mlpipeline.core.service.DetectionsSinks;
import dev.mlpipeline.core.service.JobProcessor;
import dev.mlpipeline.core.service.JobService;
import dev.mlpipeline.core.service.Storage;
import dev.mlpipeline.core.service.Janitor;
import dev.mlpipeline.core.service.UploadFolder;
import dev.mlpipeline.core.service.TrackPlacement;
import dev.mlpipeline.core.service.VideoAnnotator;
import dev.mlpipeline.core.service.VideoService;
import dev.mlpipeline.core.service.Worker;
import dev.mlpipeline.core.service.WorkerSettings;
import dev.mlpipeline.http.HttpApi;
import dev.mlpipeline.http.HttpSettings;
import dev.mlpipeline.http.WebhookSender;
import dev.mlpipeline.mongo.MongoFrameRecords;
import dev.mlpipeline.mongo.MongoHealthCheck;
import dev.mlpipeline.mongo.MongoJobRepository;
import dev.mlpipeline.mongo.MongoVideoCatalog;
import dev.mlpipeline.video.io.JavaCvAnnotatedVideoSink;
import dev.mlpipeline.video.io.GeoJsonObjectsSink;
import dev.mlpipeline.video.io.GpxTrackReader;
import dev.mlpipeline.video.io.JpegFrameImages;
import dev.mlpipeline.video.io.JsonDetectionsSink;
import dev.mlpipeline.video.io.JavaCvFrameSource;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

/** The composition root: builds every part from the configuration, starts them, and stops them in order. */
final class Application implements AutoCloseable {
    /** How long stopping may take, leaving room in a 30-second grace period for the JVM's own exit. */
    static final Duration STOP_BUDGET = Duration.ofSeconds(20);
    private static final Duration DATABASE_READ_TIMEOUT = Duration.ofSeconds(10);
    private static final System.Logger LOG = System.getLogger(Application.class.getName());

    private final AppConfig config;
    private EmbeddedMongo embedded;
    private MongoClient client;
    private Worker worker;
    private CallbackDispatcher callbacks;
    private HttpApi http;
    private ServiceMetrics metrics;
    private InferenceClient inference;
    private S3Stores stores;
    private String mongoUri;

    private Application(AppConfig config) {
        this.config = config;
    }

    /** Starts everything; on failure, stops what had started and rethrows. */
    static Application start(AppConfig config) throws IOException {
        Application app = new Application(config);
        try {
            app.startParts();
            return app;
        } catch (IOException | RuntimeException e) {
            app.close();
            throw e;
        }
    }

    private void startParts() throws IOException {
        ProcessingConfig processing = config.processing();
        // the model and the video natives (OpenCV, FFmpeg) load while the database starts: each takes a
        // second or so, and /health answers only when both are done
        FutureTask<Models> loading = new FutureTask<>(() -> new Models(processing.createInference(),
                new JavaCvFrameSource()));
        Thread loader = new Thread(loading, "load-models");
        loader.setDaemon(true);
        loader.start();
        Files.createDirectories(config.uploadDir());
        if (config.mongoUri().isPresent()) {
            mongoUri = config.mongoUri().get();
        } else {
            embedded = EmbeddedMongo.start(config.dataDir(), config.embeddedMongoPort());
            mongoUri = embedded.uri();
            LOG.log(Level.INFO, "embedded MongoDB listening at " + mongoUri + " (data in " + config.dataDir()
                    + "); other programs can use database '" + config.mongoDbName() + "' there");
        }
        // our time-outs first, so that options in the URI override them; the read time-out bounds every
        // call, so a database that stops answering (frozen, not gone) cannot hang a worker or a shutdown
        client = MongoClients.create(MongoClientSettings.builder()
                .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(5, TimeUnit.SECONDS))
                .applyToSocketSettings(socket -> socket.connectTimeout(5, TimeUnit.SECONDS)
                        .readTimeout(DATABASE_READ_TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                .applicationName("ml-pipeline")
                .applyConnectionString(new ConnectionString(mongoUri))
                .build());
        MongoDatabase database = client.getDatabase(config.mongoDbName());
        MongoJobRepository jobs = new MongoJobRepository(database);
        MongoVideoCatalog videos = new MongoVideoCatalog(database);
        Clock clock = Clock.system();
        MongoFrameRecords frames = new MongoFrameRecords(database, clock, processing.recordEmptyFrames());
        try {
            jobs.ensureIndexes();
            frames.ensureIndexes();
        } catch (StoreUnavailableException e) {
            // the API still starts and /health says the database is down; indexes come with the next start
            LOG.log(Level.WARNING, "MongoDB unreachable at start, indexes not checked: " + e.getMessage());
        }
        Models models = loaded(loading);
        inference = models.inference();
        VideoAnnotator annotator = new VideoAnnotator(models.frames(), inference,
                new JavaCvAnnotatedVideoSink(processing.encoding()),
                DetectionsSinks.all(List.of(new JsonDetectionsSink(), new GeoJsonObjectsSink(), frames)),
                processing.pipeline()).withCategoryVideos(processing.categoryVideos())
                .withTaskContext(JobLogContext.TASKS);
        stores = new S3Stores(config.storage());
        Storage storage = stores.storage(new UploadFolder(config.uploadDir()));
        JobProcessor processor = new JobProcessor(videos, clock, storage, annotator,
                new Janitor(storage, jobs, videos, clock, config.queue().lease()),
                new TrackPlacement(new GpxTrackReader(), processing.gpsOffset(), new JpegFrameImages(),
                        processing.saveFrames()));
        metrics = new ServiceMetrics(jobs);
        WebhookConfig webhooks = config.webhooks();
        callbacks = new CallbackDispatcher(jobs, new WebhookSender(webhooks.secret(), webhooks.timeout()), clock,
                webhooks.settings(config.pollInterval()));
        JobLogContext logContext = new JobLogContext(new JobMetrics(processor, metrics.registry()));
        worker = new Worker(jobs, new CallbackWakeup(logContext, callbacks::wake), clock,
                new WorkerSettings(WorkerIds.next(), config.pollInterval(), config.queue()), JobLogContext.TASKS);
        JobService service = new JobService(jobs, videos, clock, worker::wake, callbacks::wake);
        http = new HttpApi(service, new VideoService(videos, frames), worker,
                List.of(new MongoHealthCheck(database), new InferenceHealth(inference)),
                new HttpSettings(config.host(), config.port(), HttpSettings.DEFAULT_STOP_TIMEOUT, config.corsOrigins(),
                        config.apiToken(), Optional.of(config.uploadDir())), metrics, List.of(stores));
        http.start();
        callbacks.start();
        if (config.workerAutostart()) {
            worker.start();
        }
        LOG.log(Level.INFO, "ml-pipeline listening on http://" + config.host() + ":" + http.port() + " (inference: "
                + annotator.inference().describe() + ", uploads in " + config.uploadDir() + ", outputs to "
                + storage.output().urlOf(UploadFolder.OUTPUTS + "/") + ", worker "
                + (config.workerAutostart() ? "running" : "stopped until POST /worker/start") + ")");
    }

    int port() {
        return http.port();
    }

    private record Models(InferenceClient inference, JavaCvFrameSource frames) {
    }

    private static Models loaded(FutureTask<Models> loading) throws IOException {
        try {
            return loading.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while loading the model", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IOException("cannot load the model: " + e.getCause(), e.getCause());
        }
    }

    String mongoUri() {
        return mongoUri;
    }

    /**
     * Stops claiming (a running job goes back to the queue), lets the HTTP server finish its requests
     * meanwhile, then closes the database; within {@link #STOP_BUDGET} whatever the database does, so
     * that a container's usual 30-second grace period is enough. A job that cannot be given back in
     * time keeps its lease until it runs out; another instance then takes it over.
     */
    @Override
    public void close() {
        long deadline = System.nanoTime() + STOP_BUDGET.toNanos();
        if (worker != null) {
            worker.stop();
        }
        Thread httpStop = null;
        if (http != null) {
            httpStop = new Thread(http::stop, "http-stop");
            httpStop.start();
        }
        try {
            if (worker != null) {
                if (!worker.close(until(deadline))) {
                    LOG.log(Level.WARNING, "the running job could not be given back in time; its lease will run out"
                            + " and another instance will take it over");
                }
            }
            if (httpStop != null) {
                httpStop.join(Math.max(1, until(deadline).toMillis()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (callbacks != null) {
            try {
                callbacks.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (inference instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.log(Level.WARNING, "closing the inference client failed: " + e.getMessage());
            }
        }
        if (metrics != null) {
            metrics.close();
        }
        if (stores != null) {
            stores.close();
        }
        if (client != null) {
            client.close();
        }
        if (embedded != null) {
            embedded.close();
        }
        LOG.log(Level.INFO, "ml-pipeline stopped");
    }

    private static Duration until(long deadline) {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }
}
