package dev.mlpipeline.s3;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach S3 and how to use it: the region, another endpoint (an S3-protocol server such as MinIO or
 * S3Proxy) and whether it wants path-style addressing, the folder and size of the local cache of inputs,
 * the part size of large uploads and the timeout of one request. Credentials come from the SDK's default
 * chain ({@code AWS_ACCESS_KEY_ID}, profiles, instance roles). Immutable.
 */
public record S3Settings(String region, Optional<URI> endpoint, boolean pathStyle, Path cacheFolder, long cacheBytes,
        long partSize, Duration requestTimeout) {
    public static final long DEFAULT_CACHE_BYTES = 2L << 30;
    public static final long DEFAULT_PART_SIZE = 16L << 20;
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofMinutes(2);

    public S3Settings {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(cacheFolder, "cacheFolder");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (cacheBytes < 0) {
            throw new IllegalArgumentException("the cache's size cannot be negative: " + cacheBytes);
        }
        if (partSize < S3VideoStore.MIN_PART_SIZE) {
            throw new IllegalArgumentException("parts are at least 5 MiB: " + partSize);
        }
    }

    /** AWS's own S3 in {@code region}, a 2 GiB cache in {@code cacheFolder}, 16 MiB parts. */
    public static S3Settings of(String region, Path cacheFolder) {
        return new S3Settings(region, Optional.empty(), false, cacheFolder, DEFAULT_CACHE_BYTES, DEFAULT_PART_SIZE,
                DEFAULT_REQUEST_TIMEOUT);
    }

    /** The same, at another endpoint with path-style addressing, as S3-protocol servers want. */
    public S3Settings at(URI endpoint) {
        return new S3Settings(region, Optional.of(endpoint), true, cacheFolder, cacheBytes, partSize, requestTimeout);
    }
}
