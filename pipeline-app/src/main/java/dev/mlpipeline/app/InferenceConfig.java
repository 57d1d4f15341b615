package dev.mlpipeline.app;

import dev.mlpipeline.core.port.InferenceClient;
import dev.mlpipeline.sagemaker.SageMakerEndpoints;
import dev.mlpipeline.sagemaker.SageMakerEndpoints.Category;
import dev.mlpipeline.sagemaker.SageMakerSettings;
import dev.mlpipeline.video.detect.LocalDetectors;
import dev.mlpipeline.video.io.OpenCvJpegEncoder;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;

/**
 * Which model the service asks: SageMaker endpoints, one per category, when {@code SAGEMAKER_ENDPOINTS}
 * or {@code SAGEMAKER_ENDPOINTS_FILE} says so; the origin's single endpoint when
 * {@code SAGEMAKER_ENDPOINT_NAME} is set; otherwise the local detector named by {@code LOCAL_DETECTOR}.
 * {@code categories} is empty without SageMaker; {@code fileFrameInterval} is the endpoints file's
 * {@code frame_interval}, used when {@code FRAME_INTERVAL} is not set.
 */
record InferenceConfig(Optional<SageMakerSettings> sagemaker, List<Category> categories, int maxRequests,
        Optional<URI> controlUrl, String localDetector, OptionalInt fileFrameInterval) {
    private static final List<String> SOURCES =
            List.of("SAGEMAKER_ENDPOINT_NAME", "SAGEMAKER_ENDPOINTS", "SAGEMAKER_ENDPOINTS_FILE");

    static InferenceConfig from(Environment env, int maxInFlight) {
        String local = detector(env.string("LOCAL_DETECTOR", LocalDetectors.NAMES.get(0)), "LOCAL_DETECTOR");
        List<String> given = SOURCES.stream().filter(name -> env.get(name).isPresent()).toList();
        if (given.isEmpty()) {
            return new InferenceConfig(Optional.empty(), List.of(), 0, Optional.empty(), local, OptionalInt.empty());
        }
        if (given.size() > 1) {
            throw new ConfigException("Set only one of " + String.join(", ", SOURCES) + "; got " + given);
        }
        EndpointsFile file = env.get("SAGEMAKER_ENDPOINTS_FILE").map(EndpointsFile::read).orElse(null);
        List<Category> categories = env.get("SAGEMAKER_ENDPOINT_NAME")
                .map(name -> List.of(new Category(null, name)))
                .or(() -> env.get("SAGEMAKER_ENDPOINTS").map(InferenceConfig::categories))
                // a lambda, not file::categories: file is null unless that variable is set
                .orElseGet(() -> file.categories());
        String variable = given.get(0);
        String region = env.get("AWS_REGION").or(() -> env.get("AWS_DEFAULT_REGION"))
                .or(() -> file == null ? Optional.empty() : file.region())
                .orElseThrow(() -> new ConfigException(variable + " is set but AWS_REGION (or AWS_DEFAULT_REGION)"
                        + (file == null ? "" : " or the file's \"region\"") + " is not"));
        for (Category category : categories) {
            checked(variable, () -> SageMakerSettings.of(category.endpoint(), region));
        }
        SageMakerSettings settings = checked(variable, () -> SageMakerSettings.of(categories.get(0).endpoint(), region))
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
        // by default as many requests as frames in flight times endpoints: more endpoints never slow a frame
        int maxRequests = env.integer("SAGEMAKER_MAX_REQUESTS", 1, 256)
                .orElse(Math.min(256, maxInFlight * categories.size()));
        Optional<URI> controlUrl = env.get("SAGEMAKER_CONTROL_URL").map(InferenceConfig::controlUrl);
        return new InferenceConfig(Optional.of(settings), categories, maxRequests, controlUrl, local,
                file == null ? OptionalInt.empty() : file.frameInterval());
    }

    /** {@code lighting=rr-lighting,pavement=rr-pavement}, each category once. */
    private static List<Category> categories(String value) {
        List<Category> categories = new ArrayList<>();
        for (String pair : value.split(",")) {
            String[] parts = pair.split("=", -1);
            if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                throw new ConfigException("Invalid SAGEMAKER_ENDPOINTS: '" + pair.strip()
                        + "' is not category=endpoint (e.g. lighting=rr-lighting,pavement=rr-pavement)");
            }
            categories.add(category("SAGEMAKER_ENDPOINTS", parts[0].strip(), parts[1].strip()));
        }
        if (categories.stream().map(Category::name).distinct().count() < categories.size()) {
            throw new ConfigException("Invalid SAGEMAKER_ENDPOINTS: a category is given twice: " + value);
        }
        return categories;
    }

    static Category category(String variable, String name, String endpoint) {
        try {
            return new Category(name, endpoint);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("Invalid " + variable + ": " + e.getMessage());
        }
    }

    private static URI controlUrl(String value) {
        try {
            URI url = new URI(value);
            if (url.getHost() != null && ("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
                return url;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new ConfigException("Invalid SAGEMAKER_CONTROL_URL '" + value + "': use an http(s) URL with a host");
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
        return new InferenceConfig(Optional.empty(), List.of(), 0, Optional.empty(), detector, OptionalInt.empty());
    }

    /** Builds the model client (loads a local detector's model, or opens the SDK clients). */
    InferenceClient create() {
        // OpenCV's encoder: some 1 ms a frame for the model's JPEG against 9 ms for the portable one
        return sagemaker.<InferenceClient>map(base -> SageMakerEndpoints.create(categories, base, maxRequests,
                        controlUrl, new OpenCvJpegEncoder()))
                .orElseGet(() -> LocalDetectors.create(localDetector));
    }
}
