package dev.mlpipeline.http;

import java.time.Duration;
import java.util.Objects;

/**
 * Where the HTTP API listens. Port 0 picks a free port ({@link HttpApi#port()} tells which);
 * {@code stopTimeout} is how long {@link HttpApi#stop()} lets in-flight requests finish.
 */
public record HttpSettings(String host, int port, Duration stopTimeout) {
    /** The origin's port. */
    public static final int DEFAULT_PORT = 5002;
    public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(10);

    public HttpSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(stopTimeout, "stopTimeout");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
        if (stopTimeout.isNegative()) {
            throw new IllegalArgumentException("stopTimeout must not be negative");
        }
    }

    public HttpSettings(String host, int port) {
        this(host, port, DEFAULT_STOP_TIMEOUT);
    }
}
