package dev.mlpipeline.app;

import dev.mlpipeline.core.service.WorkerSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

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
        Duration lease,
        int maxAttempts) {

    static AppConfig from(Environment env) {
        Duration poll = Duration.ofMillis(Math.round(decimal(env, "POLL_INTERVAL_SECONDS", 5, 0.01, 3600) * 1000));
        Duration lease = Duration.ofMillis(Math.round(decimal(env, "LEASE_SECONDS", 60, 1, 86_400) * 1000));
        String dbName = env.get("MONGO_DB_NAME").orElse("ml_pipeline");
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
                env.get("HOST").orElse("0.0.0.0"),
                integer(env, "PORT", 5002, 0, 65_535),
                mongoUri,
                dbName,
                path(env, "UPLOAD_DIR", "./uploads"),
                path(env, "DATA_DIR", "./data"),
                integer(env, "EMBEDDED_MONGO_PORT", 27017, 0, 65_535),
                poll,
                lease,
                integer(env, "MAX_ATTEMPTS", WorkerSettings.DEFAULT_MAX_ATTEMPTS, 1, 100));
    }

    private static int integer(Environment env, String name, int fallback, int min, int max) {
        return bounded(env, name, Integer::parseInt, min, max, "a whole number").orElse(fallback);
    }

    private static double decimal(Environment env, String name, double fallback, double min, double max) {
        return bounded(env, name, Double::parseDouble, min, max, "a number of seconds").orElse(fallback);
    }

    private static <T extends Comparable<T>> Optional<T> bounded(Environment env, String name,
            Function<String, T> parse, T min, T max, String kind) {
        return env.get(name).map(text -> {
            try {
                T value = parse.apply(text);
                if (value.compareTo(min) >= 0 && value.compareTo(max) <= 0) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // reported below with the variable's name
            }
            throw new ConfigException("Invalid " + name + " '" + text + "': must be " + kind + " from "
                    + min + " to " + max);
        });
    }

    private static Path path(Environment env, String name, String fallback) {
        String text = env.get(name).orElse(fallback);
        try {
            return Path.of(text).toAbsolutePath().normalize();
        } catch (RuntimeException e) {
            throw new ConfigException("Invalid " + name + " '" + text + "': not a usable path");
        }
    }
}
