package dev.mlpipeline.sagemaker;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.SageMakerClientBuilder;

/**
 * Each endpoint's status as the SageMaker control plane reports it ({@code DescribeEndpoint}), kept
 * for {@link #TTL} so that asking before every claim costs nothing. Only {@code InService} endpoints
 * take requests; an endpoint whose status cannot be read (no {@code sagemaker:DescribeEndpoint}
 * permission, the control plane unreachable) is reported as unknown and still used, since the runtime
 * may well answer. Thread-safe.
 */
final class EndpointStatuses implements AutoCloseable {
    static final Duration TTL = Duration.ofSeconds(30);
    static final String IN_SERVICE = "InService";
    private static final String UNKNOWN = "unknown";
    // a status read holds up a claim: better to say "unknown" soon than to wait on a sick control plane
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(3);

    private final SageMakerClient control;
    private final LongSupplier nanos;
    private final Map<String, Read> cache = new ConcurrentHashMap<>();

    private record Read(String status, long atNanos) {
    }

    EndpointStatuses(SageMakerClient control, LongSupplier nanos) {
        this.control = control;
        this.nanos = nanos;
    }

    /** A control-plane client for the region, or for {@code url} when given (a VPC endpoint, a test server). */
    static SageMakerClient client(String region, Optional<URI> url, AwsCredentialsProvider credentials) {
        SageMakerClientBuilder builder = SageMakerClient.builder()
                .region(Region.of(region))
                .credentialsProvider(credentials)
                .httpClientBuilder(ApacheHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(CALL_TIMEOUT))
                .overrideConfiguration(config -> config
                        .apiCallTimeout(CALL_TIMEOUT)
                        .retryStrategy(retry -> retry.maxAttempts(2)));
        url.ifPresent(builder::endpointOverride);
        return builder.build();
    }

    /** The endpoint's status, such as {@code InService} or {@code Updating}; {@code unknown: ...} when unread. */
    String status(String endpoint) {
        Read read = cache.get(endpoint);
        long now = nanos.getAsLong();
        if (read == null || now - read.atNanos() >= TTL.toNanos()) {
            read = new Read(describe(endpoint), now);
            cache.put(endpoint, read);
        }
        return read.status();
    }

    /** Whether an endpoint in this status takes requests: in service, or not known to be otherwise. */
    static boolean usable(String status) {
        return IN_SERVICE.equals(status) || status.startsWith(UNKNOWN);
    }

    private String describe(String endpoint) {
        try {
            return control.describeEndpoint(request -> request.endpointName(endpoint)).endpointStatusAsString();
        } catch (AwsServiceException e) {
            String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
            String message = e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
            if ("ValidationException".equals(code) && message != null && message.contains("Could not find")) {
                // the control plane's word for an endpoint that does not exist: it will not answer either
                return "NotFound";
            }
            return UNKNOWN + ": " + (code.isEmpty() ? "" : code + ": ") + message;
        } catch (SdkException e) {
            return UNKNOWN + ": " + e.getMessage();
        }
    }

    @Override
    public void close() {
        control.close();
    }
}
