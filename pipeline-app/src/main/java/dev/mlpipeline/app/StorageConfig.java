package dev.mlpipeline.app;

import dev.mlpipeline.core.domain.Video;
import dev.mlpipeline.s3.S3Location;
import dev.mlpipeline.s3.S3Settings;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where outputs go ({@code OUTPUT_URL}: the upload folder, or {@code s3://bucket/prefix}) and how S3 is
 * reached, for outputs there and for videos whose {@code storage_url} is {@code s3://...}:
 * {@code S3_ENDPOINT_URL} (an S3-protocol server; path-style addressing), {@code AWS_REGION},
 * {@code S3_CACHE_DIR} and {@code S3_CACHE_MB} (the local copies of inputs), {@code S3_PART_MB}.
 */
record StorageConfig(Optional<S3Location> output, S3Settings s3) {
    static final String DEFAULT_REGION = "us-east-1";
    static final int DEFAULT_CACHE_MB = (int) (S3Settings.DEFAULT_CACHE_BYTES >> 20);
    static final int DEFAULT_PART_MB = (int) (S3Settings.DEFAULT_PART_SIZE >> 20);
    private static final String BUCKET = "[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]";

    /** Outputs in the upload folder; S3 on AWS, with its cache under {@code dataDir}, for {@code s3://} inputs. */
    static StorageConfig defaults(Path dataDir) {
        return from(new Environment(Map.of("DATA_DIR", dataDir.toString())));
    }

    static StorageConfig from(Environment env) {
        Optional<S3Location> output = env.get("OUTPUT_URL").flatMap(StorageConfig::output);
        String region = env.get("AWS_REGION").or(() -> env.get("AWS_DEFAULT_REGION")).orElse(DEFAULT_REGION);
        Path cache = env.path("S3_CACHE_DIR", env.get("DATA_DIR").orElse(AppConfig.DEFAULT_DATA_DIR) + "/s3-cache");
        long cacheBytes = (long) env.integer("S3_CACHE_MB", DEFAULT_CACHE_MB, 0, 1 << 20) << 20;
        long partSize = (long) env.integer("S3_PART_MB", DEFAULT_PART_MB, 5, 5 * 1024) << 20;
        S3Settings s3 = new S3Settings(region, Optional.empty(), false, cache, cacheBytes, partSize,
                S3Settings.DEFAULT_REQUEST_TIMEOUT);
        Optional<String> endpoint = env.get("S3_ENDPOINT_URL");
        if (endpoint.isPresent()) {
            URI uri;
            try {
                uri = URI.create(endpoint.get());
            } catch (IllegalArgumentException e) {
                throw new ConfigException("Invalid S3_ENDPOINT_URL: " + e.getMessage());
            }
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new ConfigException("Invalid S3_ENDPOINT_URL '" + endpoint.get()
                        + "': use http(s)://host[:port]");
            }
            s3 = s3.at(uri);
        }
        return new StorageConfig(output, s3);
    }

    /** The upload folder ({@code /uploads}, {@code /uploads/}) is no location; {@code s3://bucket/prefix} is. */
    private static Optional<S3Location> output(String url) {
        if (url.equals(Video.UPLOADS_PREFIX) || url.equals("/uploads")) {
            return Optional.empty();
        }
        try {
            S3Location location = S3Location.parse(url);
            if (location.bucket().matches(BUCKET)) {
                return Optional.of(location);
            }
        } catch (IllegalArgumentException notS3) {
            // said below, with what is accepted
        }
        throw new ConfigException("Invalid OUTPUT_URL '" + url + "': use /uploads/ or s3://bucket[/prefix]");
    }
}
