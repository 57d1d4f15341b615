package dev.mlpipeline.sagemaker;

import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** Settings and credentials that point a client at a {@link FakeSageMakerEndpoint}, with short timeouts and backoff. */
final class SageMakerTesting {
    static final String ACCESS_KEY = "AKIDFAKEEXAMPLE";
    static final String SECRET_KEY = "fake-secret-wJalrXUtnFEMI";
    static final AwsCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));

    private SageMakerTesting() {
    }

    static SageMakerSettings settingsFor(FakeSageMakerEndpoint endpoint) {
        return SageMakerSettings.of(endpoint.endpointName(), "eu-west-1")
                .withEndpointUrl(endpoint.url())
                .withRequestTimeout(Duration.ofSeconds(2))
                .withRetryDelays(Duration.ofMillis(1), Duration.ofMillis(20));
    }

    static SageMakerInferenceClient clientFor(FakeSageMakerEndpoint endpoint) {
        return SageMakerInferenceClient.create(settingsFor(endpoint), CREDENTIALS);
    }
}
