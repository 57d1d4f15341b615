package dev.mlpipeline.app;

import dev.mlpipeline.core.domain.QueueRules;
import dev.mlpipeline.core.service.WorkerSettings;
import dev.mlpipeline.http.HttpSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The service's settings, read once from the environment. Without {@code MONGO_URI} the service runs
 * an embedded MongoDB-compatible server keeping its data in {@code DATA_DIR}.
 */
record AppConfig(
        String host,
        int port,
        Optional<String> mongoUri,
        String mongoDbName,
        Path uploadDir,
        Path dataDir,
        int embeddedMongoPort,
        Duration pollInterval,
        QueueRules queue,
        boolean workerAutostart,
        List<String> corsOrigins,
        Optional<String> apiToken,
        WebhookConfig webhooks,
        StorageConfig storage,
        ProcessingConfig processing) {

    // the defaults that only the service has; the library's settings own every other one
    static final String DEFAULT_HOST = "0.0.0.0";
    static final String DEFAULT_DB_NAME = "ml_pipeline";
    static final String DEFAULT_UPLOAD_DIR = "./uploads";
    static final String DEFAULT_DATA_DIR = "./data";
    static final int DEFAULT_EMBEDDED_MONGO_PORT = 27017;

    static AppConfig from(Environment env) {
        // Main sets the log format up before anything else; read here too, so that the service's
        // variables are all read (and checked) in one place
        LogFormat.from(env);
        Duration poll = seconds(env.decimal("POLL_INTERVAL_SECONDS",
                WorkerSettings.DEFAULT_POLL_INTERVAL.toMillis() / 1000.0, 0.01, 3600));
        Duration lease = seconds(env.decimal("LEASE_SECONDS", QueueRules.DEFAULT_LEASE.toSeconds(), 1, 86_400));
        Duration staleAfter = seconds(env.decimal("STALE_JOB_SECONDS", QueueRules.DEFAULT_STALE_AFTER.toSeconds(), 1,
                30 * 86_400));
        String dbName = env.string("MONGO_DB_NAME", DEFAULT_DB_NAME);
        if (!dbName.matches("[A-Za-z0-9_-]{1,63}")) {
            throw new ConfigException("Invalid MONGO_DB_NAME '" + dbName
                    + "': use 1-63 letters, digits, '_' or '-'");
        }
        Optional<String> mongoUri = env.get("MONGO_URI");
        mongoUri.ifPresent(uri -> {
            if (!uri.startsWith("mongodb://") && !uri.startsWith("mongodb+srv://")) {
                throw new ConfigException("Invalid MONGO_URI: must start with mongodb:// or mongodb+srv://");
            }
        });
        return new AppConfig(
                env.string("HOST", DEFAULT_HOST),
                env.integer("PORT", HttpSettings.DEFAULT_PORT, 0, 65_535),
                mongoUri,
                dbName,
                env.path("UPLOAD_DIR", DEFAULT_UPLOAD_DIR),
                env.path("DATA_DIR", DEFAULT_DATA_DIR),
                env.integer("EMBEDDED_MONGO_PORT", DEFAULT_EMBEDDED_MONGO_PORT, 0, 65_535),
                poll,
                new QueueRules(lease, env.integer("MAX_ATTEMPTS", QueueRules.DEFAULT_MAX_ATTEMPTS, 1, 100), staleAfter),
                env.flag("WORKER_AUTOSTART", true),
                corsOrigins(env),
                apiToken(env),
                WebhookConfig.from(env),
                StorageConfig.from(env),
                ProcessingConfig.from(env));
    }

    /** {@code CORS_ORIGINS}: {@code *} (any, the origin's default) or origins separated by commas. */
    private static List<String> corsOrigins(Environment env) {
        List<String> origins = Stream.of(env.string("CORS_ORIGINS", String.join(",", HttpSettings.ANY_ORIGIN)))
                .flatMap(value -> Arrays.stream(value.split(",")))
                .map(String::strip).filter(origin -> !origin.isEmpty()).toList();
        if (origins.isEmpty()) {
            return HttpSettings.ANY_ORIGIN;
        }
        try {
            return new HttpSettings("localhost", 0, HttpSettings.DEFAULT_STOP_TIMEOUT, origins).corsOrigins();
        } catch (IllegalArgumentException e) {
            throw new ConfigException("Invalid CORS_ORIGINS: " + e.getMessage());
        }
    }

    /** {@code API_TOKEN}: when set, the bearer token every route but /health needs. */
    private static Optional<String> apiToken(Environment env) {
        Optional<String> token = env.get("API_TOKEN");
        try {
            token.ifPresent(value -> new HttpSettings("localhost", 0).withApiToken(value));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("Invalid API_TOKEN: " + e.getMessage());
        }
        return token;
    }

    private static Duration seconds(double value) {
        return Duration.ofMillis(Math.round(value * 1000));
    }
}
