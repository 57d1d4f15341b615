package dev.mlpipeline.http;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where the HTTP API listens. Port 0 picks a free port ({@link HttpApi#port()} tells which);
 * {@code stopTimeout} is how long {@link HttpApi#stop()} lets in-flight requests finish;
 * {@code corsOrigins} are the origins whose pages may call the API from a browser: {@code "*"} for
 * any (the origin's default), otherwise origins such as {@code https://survey.example.com};
 * {@code apiToken}, when present, is the bearer token every route but {@code /health} requires
 * (at least {@value #MIN_TOKEN_LENGTH} characters, no spaces).
 */
public record HttpSettings(String host, int port, Duration stopTimeout, List<String> corsOrigins,
        Optional<String> apiToken, Optional<Path> uploads) {
    /** The origin's port. */
    public static final int DEFAULT_PORT = 5002;
    public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(10);
    /** Any origin, as the origin's flask_cors allows by default. */
    public static final List<String> ANY_ORIGIN = List.of("*");

    /** Short enough to type, long enough not to be guessed. */
    public static final int MIN_TOKEN_LENGTH = 16;

    private static final Pattern ORIGIN = Pattern.compile("https?://[^/\\s?#]+");

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
        Objects.requireNonNull(apiToken, "apiToken");
        Objects.requireNonNull(uploads, "uploads");
        apiToken.ifPresent(HttpSettings::checkToken);
        corsOrigins = List.copyOf(corsOrigins);
        if (corsOrigins.isEmpty()) {
            throw new IllegalArgumentException("corsOrigins must name at least one origin, or \"*\"");
        }
        for (String origin : corsOrigins) {
            if (!origin.equals("*") && !ORIGIN.matcher(origin).matches()) {
                throw new IllegalArgumentException("'" + origin + "' is not an origin such as https://app.example.com"
                        + " or http://localhost:3000 (scheme, host and port only), nor \"*\"");
            }
        }
    }

    public HttpSettings(String host, int port, Duration stopTimeout, List<String> corsOrigins) {
        this(host, port, stopTimeout, corsOrigins, Optional.empty(), Optional.empty());
    }

    public HttpSettings(String host, int port, Duration stopTimeout) {
        this(host, port, stopTimeout, ANY_ORIGIN);
    }

    public HttpSettings(String host, int port) {
        this(host, port, DEFAULT_STOP_TIMEOUT);
    }

    /** These settings with every route but {@code /health} behind {@code token}. */
    public HttpSettings withApiToken(String token) {
        return new HttpSettings(host, port, stopTimeout, corsOrigins, Optional.of(token), uploads);
    }

    /**
     * These settings serving the files of {@code folder} at {@code GET /uploads/...} (with ranges, so that
     * a browser can seek in a video), as the main backend serves its uploads.
     */
    public HttpSettings withUploads(Path folder) {
        return new HttpSettings(host, port, stopTimeout, corsOrigins, apiToken, Optional.of(folder));
    }

    private static void checkToken(String token) {
        if (token.length() < MIN_TOKEN_LENGTH || token.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            throw new IllegalArgumentException("the API token must be at least " + MIN_TOKEN_LENGTH
                    + " printable characters without spaces (got " + token.length() + " characters)");
        }
    }

    /** Whether pages of any origin may call the API. */
    public boolean anyOrigin() {
        return corsOrigins.contains("*");
    }
}
