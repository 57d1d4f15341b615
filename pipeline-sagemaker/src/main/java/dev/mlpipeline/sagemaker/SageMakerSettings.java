package dev.mlpipeline.sagemaker;

import dev.mlpipeline.core.service.PipelineSettings;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where the SageMaker endpoint is and how to talk to it.
 *
 * @param endpointName   the real-time endpoint's name
 * @param region         the AWS region, such as {@code eu-west-1}
 * @param endpointUrl    a runtime URL to use instead of the region's (a VPC endpoint, a test server)
 * @param requestTimeout the limit for one attempt, connecting included
 * @param maxAttempts    attempts per frame, the first included; throttling, 5xx, dropped connections
 *                       and attempt timeouts are retried by the SDK with jittered exponential backoff
 * @param maxInFlight    requests running at once; also the size of the connection pool
 * @param modelInputSize the long side, in pixels, that larger frames are shrunk to before they are
 *                       sent (0 = send frames as they are)
 * @param codec          the request and response format: {@code json} (the origin's) or {@code jpeg}
 * @param jpegQuality    1-100
 * @param retryBaseDelay the first retry's backoff; throttling backs off from ten times this, as the
 *                       SDK's own defaults do (100 ms and 1 s)
 * @param retryMaxDelay  the longest backoff between two attempts
 */
public record SageMakerSettings(String endpointName, String region, Optional<URI> endpointUrl, Duration requestTimeout,
        int maxAttempts, int maxInFlight, int modelInputSize, String codec, int jpegQuality, Duration retryBaseDelay,
        Duration retryMaxDelay) {
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    public static final int DEFAULT_MODEL_INPUT_SIZE = 640;
    public static final String DEFAULT_CODEC = "json";
    public static final int DEFAULT_JPEG_QUALITY = 85;
    public static final Duration DEFAULT_RETRY_BASE_DELAY = Duration.ofMillis(100);
    public static final Duration DEFAULT_RETRY_MAX_DELAY = Duration.ofSeconds(5);

    // SageMaker's own rule for endpoint names; checked here so a typo fails at start-up, not on every frame
    private static final Pattern ENDPOINT_NAME = Pattern.compile("[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}");
    private static final Pattern REGION = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    public SageMakerSettings {
        Objects.requireNonNull(endpointUrl, "endpointUrl (use Optional.empty())");
        if (endpointName == null || endpointName.isBlank()) {
            throw new IllegalArgumentException("endpointName is required");
        }
        if (!ENDPOINT_NAME.matcher(endpointName).matches()) {
            throw new IllegalArgumentException("endpointName '" + endpointName
                    + "' is not a SageMaker endpoint name (letters, digits and inner hyphens, at most 63)");
        }
        if (region == null || region.isBlank()) {
            throw new IllegalArgumentException("region is required");
        }
        if (!REGION.matcher(region).matches()) {
            throw new IllegalArgumentException("region '" + region + "' is not an AWS region name such as eu-west-1");
        }
        endpointUrl.ifPresent(SageMakerSettings::checkUrl);
        if (requestTimeout == null || requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("requestTimeout must be positive, got " + requestTimeout);
        }
        if (maxAttempts < 1 || maxAttempts > 10) {
            throw new IllegalArgumentException("maxAttempts must be in [1, 10] (the first attempt included), got " + maxAttempts);
        }
        if (maxInFlight < 1 || maxInFlight > 256) {
            throw new IllegalArgumentException("maxInFlight must be in [1, 256], got " + maxInFlight);
        }
        if (modelInputSize < 0 || modelInputSize > 8192) {
            throw new IllegalArgumentException("modelInputSize must be in [0, 8192] pixels (0 = off), got " + modelInputSize);
        }
        if (codec == null || !InferenceCodec.NAMES.contains(codec.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("codec must be one of " + InferenceCodec.NAMES + ", got " + codec);
        }
        codec = codec.toLowerCase(Locale.ROOT);
        if (jpegQuality < 1 || jpegQuality > 100) {
            throw new IllegalArgumentException("jpegQuality must be in [1, 100], got " + jpegQuality);
        }
        if (retryBaseDelay == null || retryBaseDelay.isNegative() || retryMaxDelay == null
                || retryMaxDelay.compareTo(retryBaseDelay) < 0) {
            throw new IllegalArgumentException("retry delays must satisfy 0 <= retryBaseDelay <= retryMaxDelay, got "
                    + retryBaseDelay + " and " + retryMaxDelay);
        }
    }

    /** The endpoint in the region, every other setting at its default. */
    public static SageMakerSettings of(String endpointName, String region) {
        return new SageMakerSettings(endpointName, region, Optional.empty(), DEFAULT_REQUEST_TIMEOUT, DEFAULT_MAX_ATTEMPTS,
                PipelineSettings.DEFAULT_MAX_IN_FLIGHT, DEFAULT_MODEL_INPUT_SIZE, DEFAULT_CODEC, DEFAULT_JPEG_QUALITY,
                DEFAULT_RETRY_BASE_DELAY, DEFAULT_RETRY_MAX_DELAY);
    }

    public SageMakerSettings withEndpointUrl(URI url) {
        return new SageMakerSettings(endpointName, region, Optional.of(url), requestTimeout, maxAttempts, maxInFlight,
                modelInputSize, codec, jpegQuality, retryBaseDelay, retryMaxDelay);
    }

    public SageMakerSettings withRequestTimeout(Duration timeout) {
        return new SageMakerSettings(endpointName, region, endpointUrl, timeout, maxAttempts, maxInFlight,
                modelInputSize, codec, jpegQuality, retryBaseDelay, retryMaxDelay);
    }

    public SageMakerSettings withMaxAttempts(int attempts) {
        return new SageMakerSettings(endpointName, region, endpointUrl, requestTimeout, attempts, maxInFlight,
                modelInputSize, codec, jpegQuality, retryBaseDelay, retryMaxDelay);
    }

    public SageMakerSettings withMaxInFlight(int requests) {
        return new SageMakerSettings(endpointName, region, endpointUrl, requestTimeout, maxAttempts, requests,
                modelInputSize, codec, jpegQuality, retryBaseDelay, retryMaxDelay);
    }

    public SageMakerSettings withModelInputSize(int pixels) {
        return new SageMakerSettings(endpointName, region, endpointUrl, requestTimeout, maxAttempts, maxInFlight,
                pixels, codec, jpegQuality, retryBaseDelay, retryMaxDelay);
    }

    public SageMakerSettings withCodec(String name) {
        return new SageMakerSettings(endpointName, region, endpointUrl, requestTimeout, maxAttempts, maxInFlight,
                modelInputSize, name, jpegQuality, retryBaseDelay, retryMaxDelay);
    }

    public SageMakerSettings withJpegQuality(int quality) {
        return new SageMakerSettings(endpointName, region, endpointUrl, requestTimeout, maxAttempts, maxInFlight,
                modelInputSize, codec, quality, retryBaseDelay, retryMaxDelay);
    }

    public SageMakerSettings withRetryDelays(Duration base, Duration max) {
        return new SageMakerSettings(endpointName, region, endpointUrl, requestTimeout, maxAttempts, maxInFlight,
                modelInputSize, codec, jpegQuality, base, max);
    }

    /** The codec names {@link #codec()} accepts. */
    public static List<String> codecNames() {
        return InferenceCodec.NAMES;
    }

    /**
     * The limit for one frame, every attempt and backoff included: past it the frame fails even if
     * attempts remain, so a sick endpoint cannot hold a worker much longer than this.
     */
    Duration callTimeout() {
        return requestTimeout.multipliedBy(maxAttempts).plus(retryMaxDelay.multipliedBy(maxAttempts - 1L));
    }

    private static void checkUrl(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
            throw new IllegalArgumentException("endpointUrl must be an http(s) URL with a host, got " + url);
        }
    }
}
