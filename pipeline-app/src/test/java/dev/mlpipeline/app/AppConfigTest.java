package dev.mlpipeline.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlpipeline.core.domain.QueueRules;
import dev.mlpipeline.s3.S3Location;
import dev.mlpipeline.sagemaker.SageMakerEndpoints.Category;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AppConfigTest {
    @Test
    void defaultsNeedNoConfiguration() {
        AppConfig config = AppConfig.from(new Environment(Map.of()));

        assertEquals(5002, config.port());
        assertEquals(Optional.empty(), config.mongoUri());
        assertEquals("ml_pipeline", config.mongoDbName());
        assertEquals(Path.of("uploads").toAbsolutePath(), config.uploadDir());
        assertEquals(Path.of("data").toAbsolutePath(), config.dataDir());
        assertEquals(27017, config.embeddedMongoPort());
        assertEquals(Duration.ofSeconds(5), config.pollInterval());
        assertEquals(QueueRules.defaults(), config.queue());
        assertTrue(config.workerAutostart());
        assertEquals(List.of("*"), config.corsOrigins());
        assertEquals(Optional.empty(), config.apiToken(), "open, as the origin");
    }

    @Test
    void readsTheServerStorageQueueAndCorsVariables() {
        AppConfig config = AppConfig.from(new Environment(Map.ofEntries(
                Map.entry("PORT", "6000"), Map.entry("MONGO_URI", "mongodb://db.internal:27017/"),
                Map.entry("MONGO_DB_NAME", "videos"), Map.entry("UPLOAD_DIR", "/srv/uploads"),
                Map.entry("DATA_DIR", "/srv/data"), Map.entry("EMBEDDED_MONGO_PORT", "0"),
                Map.entry("POLL_INTERVAL_SECONDS", "0.5"), Map.entry("LEASE_SECONDS", "30"),
                Map.entry("MAX_ATTEMPTS", "5"), Map.entry("STALE_JOB_SECONDS", "120"),
                Map.entry("WORKER_AUTOSTART", "false"),
                Map.entry("CORS_ORIGINS", " https://survey.example.com , http://localhost:3000"),
                Map.entry("API_TOKEN", "0123456789abcdef-token"))));

        assertEquals(6000, config.port());
        assertEquals(Optional.of("0123456789abcdef-token"), config.apiToken());
        assertEquals(Optional.of("mongodb://db.internal:27017/"), config.mongoUri());
        assertEquals("videos", config.mongoDbName());
        assertEquals(Path.of("/srv/uploads"), config.uploadDir());
        assertEquals(Path.of("/srv/data"), config.dataDir());
        assertEquals(0, config.embeddedMongoPort());
        assertEquals(Duration.ofMillis(500), config.pollInterval());
        assertEquals(new QueueRules(Duration.ofSeconds(30), 5, Duration.ofMinutes(2)), config.queue());
        assertFalse(config.workerAutostart());
        assertEquals(List.of("https://survey.example.com", "http://localhost:3000"), config.corsOrigins());
    }

    @Test
    void withoutAnEndpointTheLocalDetectorIsUsed() {
        InferenceConfig inference = AppConfig.from(new Environment(Map.of("LOCAL_DETECTOR", "Faces"))).processing()
                .inference();

        assertEquals(Optional.empty(), inference.sagemaker());
        assertEquals("faces", inference.localDetector());
    }

    @Test
    void anEndpointNameSelectsSageMakerWithItsSettings() {
        InferenceConfig inference = AppConfig.from(new Environment(Map.of("SAGEMAKER_ENDPOINT_NAME", "yolo",
                "AWS_DEFAULT_REGION", "ap-south-1", "SAGEMAKER_ENDPOINT_URL", "https://vpce.example:8443",
                "SAGEMAKER_TIMEOUT_SECONDS", "2.5", "SAGEMAKER_MAX_ATTEMPTS", "5", "MAX_IN_FLIGHT", "8",
                "MODEL_INPUT_SIZE", "0", "SAGEMAKER_CODEC", "jpeg"))).processing().inference();

        var settings = inference.sagemaker().orElseThrow();
        assertEquals("yolo", settings.endpointName());
        assertEquals("ap-south-1", settings.region());
        assertEquals(Optional.of(java.net.URI.create("https://vpce.example:8443")), settings.endpointUrl());
        assertEquals(Duration.ofMillis(2500), settings.requestTimeout());
        assertEquals(5, settings.maxAttempts());
        assertEquals(8, settings.maxInFlight());
        assertEquals(0, settings.modelInputSize());
        assertEquals("jpeg", settings.codec());
    }

    @ParameterizedTest
    @CsvSource({
        "SAGEMAKER_ENDPOINT_URL, not a url", "SAGEMAKER_CODEC, xml", "SAGEMAKER_MAX_ATTEMPTS, 0",
        "SAGEMAKER_TIMEOUT_SECONDS, 0", "MODEL_INPUT_SIZE, -1"})
    void invalidSageMakerValueStopsStartUpNamingTheVariable(String name, String value) {
        ConfigException e = assertThrows(ConfigException.class, () -> AppConfig.from(new Environment(Map.of(
                "SAGEMAKER_ENDPOINT_NAME", "yolo", "AWS_REGION", "eu-west-1", name, value))));

        assertTrue(e.getMessage().contains(name), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"WEBHOOK_SECRET, fifteen-chars!!", "WEBHOOK_MAX_ATTEMPTS, 0", "WEBHOOK_RETRY_SECONDS, -1",
        "WEBHOOK_TIMEOUT_SECONDS, 0"})
    void invalidWebhookValueStopsStartUpNamingTheVariable(String name, String value) {
        ConfigException e = assertThrows(ConfigException.class, () -> AppConfig.from(new Environment(Map.of(
                name, value))));

        assertTrue(e.getMessage().contains(name), e.getMessage());
    }

    @Test
    void webhooksAreSignedWithTheSecretAndTriedAsConfigured() {
        WebhookConfig webhooks = AppConfig.from(new Environment(Map.of("WEBHOOK_SECRET", "sixteen-chars!!!",
                "WEBHOOK_MAX_ATTEMPTS", "3", "WEBHOOK_RETRY_SECONDS", "0.5", "WEBHOOK_TIMEOUT_SECONDS", "4")))
                .webhooks();

        assertEquals(Optional.of("sixteen-chars!!!"), webhooks.secret());
        assertEquals(3, webhooks.settings(Duration.ofSeconds(5)).maxAttempts());
        assertEquals(Duration.ofMillis(500), webhooks.firstRetry());
        assertEquals(Duration.ofSeconds(13), webhooks.settings(Duration.ofSeconds(5)).claimFor(),
                "a claim outlives a POST that takes its whole time-out, twice");
        assertEquals(WebhookConfig.defaults(), AppConfig.from(new Environment(Map.of())).webhooks());
        assertEquals(Optional.empty(), WebhookConfig.defaults().secret());
    }

    @Test
    void endpointsPerCategoryComeFromTheVariableWithARequestBoundOfFramesTimesEndpoints() {
        InferenceConfig inference = AppConfig.from(new Environment(Map.of("SAGEMAKER_ENDPOINTS",
                "lighting=rr-lighting, pavement=rr-pavement", "AWS_REGION", "ap-south-1", "MAX_IN_FLIGHT", "3",
                "SAGEMAKER_CONTROL_URL", "http://127.0.0.1:9000"))).processing().inference();

        assertEquals(List.of(new Category("lighting", "rr-lighting"), new Category("pavement", "rr-pavement")),
                inference.categories());
        assertEquals(6, inference.maxRequests());
        assertEquals(Optional.of(java.net.URI.create("http://127.0.0.1:9000")), inference.controlUrl());
        assertEquals("ap-south-1", inference.sagemaker().orElseThrow().region());
    }

    @Test
    void theMainBackendsEndpointsFileGivesCategoriesRegionAndFrameInterval(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("endpoints.json");
        Files.writeString(file, "{\"lighting_endpoint_name\": \"rr-lighting-prod\", \"its_endpoint_name\": "
                + "\"rr-its-prod\", \"region\": \"ap-south-1\", \"frame_interval\": 5, \"bucket\": \"theirs\"}");

        ProcessingConfig processing = AppConfig.from(new Environment(Map.of("SAGEMAKER_ENDPOINTS_FILE",
                file.toString()))).processing();

        assertEquals(List.of(new Category("lighting", "rr-lighting-prod"), new Category("its", "rr-its-prod")),
                processing.inference().categories());
        assertEquals("ap-south-1", processing.inference().sagemaker().orElseThrow().region());
        assertEquals(5, processing.pipeline().frameInterval());
        assertEquals(2, AppConfig.from(new Environment(Map.of("SAGEMAKER_ENDPOINTS_FILE", file.toString(),
                "FRAME_INTERVAL", "2"))).processing().pipeline().frameInterval(), "the variable wins");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "SAGEMAKER_ENDPOINTS|lighting",
        "SAGEMAKER_ENDPOINTS|lighting=",
        "SAGEMAKER_ENDPOINTS|Lighting=rr-lighting",
        "SAGEMAKER_ENDPOINTS|its=rr-its,its=rr-its-2",
        "SAGEMAKER_ENDPOINTS|its=not_an_endpoint!",
        "SAGEMAKER_ENDPOINTS_FILE|/no/such/file.json",
        "SAGEMAKER_ENDPOINTS_FILE|{not json",
        "SAGEMAKER_ENDPOINTS_FILE|{\"region\": \"ap-south-1\"}",
        "SAGEMAKER_ENDPOINTS_FILE|{\"its_endpoint_name\": 7}",
        "SAGEMAKER_ENDPOINTS_FILE|{\"its_endpoint_name\": \"rr-its\", \"frame_interval\": 0}",
        "SAGEMAKER_CONTROL_URL|ftp://x",
        "SAGEMAKER_MAX_REQUESTS|0"})
    void aBadEndpointsValueStopsStartUpNamingTheVariable(String name, String value, @TempDir Path dir)
            throws IOException {
        Map<String, String> values = new java.util.HashMap<>(Map.of("AWS_REGION", "eu-west-1", name, value));
        if (name.equals("SAGEMAKER_ENDPOINTS_FILE") && value.startsWith("{")) {
            Path file = dir.resolve("endpoints.json");
            Files.writeString(file, value);
            values.put(name, file.toString());
        }
        if (!name.startsWith("SAGEMAKER_ENDPOINTS")) {
            values.put("SAGEMAKER_ENDPOINTS", "its=rr-its");
        }

        ConfigException e = assertThrows(ConfigException.class, () -> AppConfig.from(new Environment(values)));

        assertTrue(e.getMessage().contains(name), e.getMessage());
    }

    @Test
    void onlyOneWayOfNamingEndpointsIsAccepted() {
        ConfigException e = assertThrows(ConfigException.class, () -> AppConfig.from(new Environment(Map.of(
                "SAGEMAKER_ENDPOINT_NAME", "yolo", "SAGEMAKER_ENDPOINTS", "its=rr-its", "AWS_REGION", "eu-west-1"))));

        assertTrue(e.getMessage().contains("Set only one of SAGEMAKER_ENDPOINT_NAME, SAGEMAKER_ENDPOINTS"),
                e.getMessage());
    }

    @Test
    void anEndpointWithoutARegionStopsStartUp() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> AppConfig.from(new Environment(Map.of("SAGEMAKER_ENDPOINT_NAME", "yolo"))));

        assertTrue(e.getMessage().contains("AWS_REGION"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({
        "PORT, abc", "PORT, 70000", "PORT, -1",
        "EMBEDDED_MONGO_PORT, 27017x",
        "POLL_INTERVAL_SECONDS, soon", "POLL_INTERVAL_SECONDS, 0",
        "LEASE_SECONDS, 0", "LEASE_SECONDS, NaN",
        "MAX_ATTEMPTS, 0", "STALE_JOB_SECONDS, 0", "WORKER_AUTOSTART, maybe",
        "CORS_ORIGINS, survey.example.com", "CORS_ORIGINS, 'https://a.example.com/app'",
        "MONGO_URI, localhost:27017",
        "MONGO_DB_NAME, my.db", "API_TOKEN, short", "LOG_FORMAT, xml", "API_TOKEN, 'sixteen chars with spaces'",
        "FRAME_INTERVAL, 0", "CONFIDENCE_THRESHOLD, 1.5", "MAX_IN_FLIGHT, 0", "MAX_FAILED_FRAME_RATIO, 2",
        "VIDEO_CRF, 52", "VIDEO_PRESET, warp", "LOCAL_DETECTOR, cats"})
    void invalidValueStopsStartUpNamingTheVariable(String name, String value) {
        ConfigException e = assertThrows(ConfigException.class,
                () -> AppConfig.from(new Environment(Map.of(name, value))));

        assertTrue(e.getMessage().contains(name), e.getMessage());
    }

    @Test
    void outputsGoToTheUploadFolderUnlessOutputUrlNamesABucket() {
        assertEquals(Optional.empty(), AppConfig.from(new Environment(Map.of())).storage().output());
        assertEquals(Optional.empty(), AppConfig.from(new Environment(Map.of("OUTPUT_URL", "/uploads/"))).storage()
                .output());

        StorageConfig s3 = AppConfig.from(new Environment(Map.of("OUTPUT_URL", "s3://survey-results/ml",
                "S3_ENDPOINT_URL", "http://127.0.0.1:9000", "AWS_REGION", "eu-west-1", "S3_PART_MB", "8",
                "DATA_DIR", "/var/ml"))).storage();

        assertEquals(Optional.of(new S3Location("survey-results", "ml")), s3.output());
        assertEquals(Optional.of(java.net.URI.create("http://127.0.0.1:9000")), s3.s3().endpoint());
        assertTrue(s3.s3().pathStyle());
        assertEquals("eu-west-1", s3.s3().region());
        assertEquals(8L << 20, s3.s3().partSize());
        assertEquals(Path.of("/var/ml/s3-cache"), s3.s3().cacheFolder());
    }

    @Test
    void aBadOutputUrlOrS3EndpointStopsTheStartSayingWhich() {
        for (Map<String, String> values : List.of(Map.of("OUTPUT_URL", "/tmp/out"), Map.of("OUTPUT_URL", "s3://"),
                Map.of("OUTPUT_URL", "s3://Bad_Bucket/x"), Map.of("S3_ENDPOINT_URL", "localhost:9000"),
                Map.of("S3_PART_MB", "4"))) {
            ConfigException e = assertThrows(ConfigException.class, () -> AppConfig.from(new Environment(values)),
                    values.toString());
            assertTrue(e.getMessage().contains(values.keySet().iterator().next()), e.getMessage());
        }
    }
}
