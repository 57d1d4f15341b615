package dev.mlpipeline.app;

import dev.mlpipeline.core.port.InferenceClient;
import dev.mlpipeline.sagemaker.SageMakerInferenceClient;
import dev.mlpipeline.sagemaker.SageMakerSettings;
import dev.mlpipeline.video.detect.LocalDetectors;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Which model the service asks: a SageMaker endpoint when {@code SAGEMAKER_ENDPOINT_NAME} is set,
 * otherwise the local detector named by {@code LOCAL_DETECTOR}.
 */
record InferenceConfig(Optional<SageMakerSettings> sagemaker, String localDetector) {
    static InferenceConfig from(Environment env, int maxInFlight) {
        String local = detector(env.string("LOCAL_DETECTOR", LocalDetectors.NAMES.get(0)), "LOCAL_DETECTOR");
        Optional<String> endpoint = env.get("SAGEMAKER_ENDPOINT_NAME");
        if (endpoint.isEmpty()) {
            return new InferenceConfig(Optional.empty(), local);
        }
        String region = env.get("AWS_REGION").or(() -> env.get("AWS_DEFAULT_REGION")).orElseThrow(() ->
                new ConfigException("SAGEMAKER_ENDPOINT_NAME is set but AWS_REGION (or AWS_DEFAULT_REGION) is not"));
        SageMakerSettings settings = checked("SAGEMAKER_ENDPOINT_NAME", () -> SageMakerSettings.of(endpoint.get(), region))
                .withMaxInFlight(maxInFlight)
                .withRequestTimeout(Duration.ofMillis(Math.round(
                        env.decimal("SAGEMAKER_TIMEOUT_SECONDS",
                                SageMakerSettings.DEFAULT_REQUEST_TIMEOUT.toMillis() / 1000.0, 0.1, 300) * 1000)))
                .withMaxAttempts(env.integer("SAGEMAKER_MAX_ATTEMPTS", SageMakerSettings.DEFAULT_MAX_ATTEMPTS, 1, 10))
                .withModelInputSize(env.integer("MODEL_INPUT_SIZE", SageMakerSettings.DEFAULT_MODEL_INPUT_SIZE, 0, 8192));
        String codec = env.string("SAGEMAKER_CODEC", SageMakerSettings.DEFAULT_CODEC);
        SageMakerSettings withoutCodec = settings;
        settings = checked("SAGEMAKER_CODEC", () -> withoutCodec.withCodec(codec));
        Optional<String> url = env.get("SAGEMAKER_ENDPOINT_URL");
        if (url.isPresent()) {
            SageMakerSettings base = settings;
            settings = checked("SAGEMAKER_ENDPOINT_URL", () -> base.withEndpointUrl(URI.create(url.get())));
        }
        return new InferenceConfig(Optional.of(settings), local);
    }

    /** A local detector's name, checked; {@code source} names where it came from for the message. */
    static String detector(String name, String source) {
        String lower = name.strip().toLowerCase(Locale.ROOT);
        if (!LocalDetectors.NAMES.contains(lower)) {
            throw new ConfigException("Invalid " + source + " '" + name + "': use one of "
                    + String.join(", ", LocalDetectors.NAMES));
        }
        return lower;
    }

    private static SageMakerSettings checked(String variable, Supplier<SageMakerSettings> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            throw new ConfigException("Invalid " + variable + ": " + e.getMessage());
        }
    }

    /** The local detector alone, whatever the environment says about SageMaker. */
    InferenceConfig local(String detector) {
        return new InferenceConfig(Optional.empty(), detector);
    }

    /** Builds the model client (loads a local detector's model, or opens the SDK client). */
    InferenceClient create() {
        return sagemaker.<InferenceClient>map(SageMakerInferenceClient::create)
                .orElseGet(() -> LocalDetectors.create(localDetector));
    }
}
