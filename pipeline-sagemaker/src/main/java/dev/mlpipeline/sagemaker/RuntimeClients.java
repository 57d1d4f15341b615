package dev.mlpipeline.sagemaker;

import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClientBuilder;

/** Builds the SDK client that {@link SageMakerInferenceClient} calls, with its HTTP pool, timeouts and retries. */
final class RuntimeClients {
    /** Connecting is quick or the endpoint is not there; a long wait only delays the verdict. */
    private static final Duration MAX_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final int THROTTLING_BACKOFF_FACTOR = 10;

    private RuntimeClients() {
    }

    static SageMakerRuntimeClient create(SageMakerSettings settings, AwsCredentialsProvider credentials) {
        Duration attempt = settings.requestTimeout();
        SageMakerRuntimeClientBuilder builder = SageMakerRuntimeClient.builder()
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials)
                // a builder, not a built client: the SDK then owns the pool and closes it with the client
                .httpClientBuilder(ApacheHttpClient.builder()
                        .maxConnections(settings.maxInFlight())
                        .connectionTimeout(min(attempt, MAX_CONNECT_TIMEOUT))
                        .socketTimeout(attempt)
                        .connectionAcquisitionTimeout(attempt)
                        // the endpoint always reads the body: waiting for "100 Continue" only costs a round trip
                        .expectContinueEnabled(false))
                .overrideConfiguration(config -> config
                        .retryStrategy(retryStrategy(settings))
                        .apiCallAttemptTimeout(attempt)
                        .apiCallTimeout(settings.callTimeout()));
        settings.endpointUrl().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    /**
     * The SDK's standard strategy with its AWS conditions (throttling codes and 429, 5xx, I/O errors,
     * attempt timeouts) and its retry-token bucket, which stops retrying when most calls fail so that a
     * sick endpoint is not hammered. Only the number of attempts and the backoff are ours; backoff is
     * exponential with full jitter.
     */
    static RetryStrategy retryStrategy(SageMakerSettings settings) {
        Duration base = settings.retryBaseDelay();
        Duration max = settings.retryMaxDelay();
        Duration throttlingBase = min(base.multipliedBy(THROTTLING_BACKOFF_FACTOR), max);
        return AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(settings.maxAttempts())
                .backoffStrategy(backoff(base, max))
                .throttlingBackoffStrategy(backoff(throttlingBase, max))
                .build();
    }

    private static BackoffStrategy backoff(Duration base, Duration max) {
        return base.isZero() ? BackoffStrategy.retryImmediately() : BackoffStrategy.exponentialDelay(base, max);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
