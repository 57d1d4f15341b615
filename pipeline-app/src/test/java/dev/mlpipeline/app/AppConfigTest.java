package dev.mlpipeline.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlpipeline.core.domain.QueueRules;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

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
                Map.entry("CORS_ORIGINS", " https://survey.example.com , http://localhost:3000"))));

        assertEquals(6000, config.port());
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
        "MONGO_DB_NAME, my.db",
        "FRAME_INTERVAL, 0", "CONFIDENCE_THRESHOLD, 1.5", "MAX_IN_FLIGHT, 0", "MAX_FAILED_FRAME_RATIO, 2",
        "VIDEO_CRF, 52", "VIDEO_PRESET, warp", "LOCAL_DETECTOR, cats"})
    void invalidValueStopsStartUpNamingTheVariable(String name, String value) {
        ConfigException e = assertThrows(ConfigException.class,
                () -> AppConfig.from(new Environment(Map.of(name, value))));

        assertTrue(e.getMessage().contains(name), e.getMessage());
    }
}
