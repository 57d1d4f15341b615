package dev.mlpipeline.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
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
        assertEquals(Duration.ofSeconds(60), config.lease());
        assertEquals(3, config.maxAttempts());
    }

    @Test
    void readsEveryVariable() {
        AppConfig config = AppConfig.from(new Environment(Map.of(
                "PORT", "6000", "MONGO_URI", "mongodb://db.internal:27017/", "MONGO_DB_NAME", "videos",
                "UPLOAD_DIR", "/srv/uploads", "DATA_DIR", "/srv/data", "EMBEDDED_MONGO_PORT", "0",
                "POLL_INTERVAL_SECONDS", "0.5", "LEASE_SECONDS", "30", "MAX_ATTEMPTS", "5")));

        assertEquals(6000, config.port());
        assertEquals(Optional.of("mongodb://db.internal:27017/"), config.mongoUri());
        assertEquals("videos", config.mongoDbName());
        assertEquals(Path.of("/srv/uploads"), config.uploadDir());
        assertEquals(Path.of("/srv/data"), config.dataDir());
        assertEquals(0, config.embeddedMongoPort());
        assertEquals(Duration.ofMillis(500), config.pollInterval());
        assertEquals(Duration.ofSeconds(30), config.lease());
        assertEquals(5, config.maxAttempts());
    }

    @ParameterizedTest
    @CsvSource({
        "PORT, abc", "PORT, 70000", "PORT, -1",
        "EMBEDDED_MONGO_PORT, 27017x",
        "POLL_INTERVAL_SECONDS, soon", "POLL_INTERVAL_SECONDS, 0",
        "LEASE_SECONDS, 0", "LEASE_SECONDS, NaN",
        "MAX_ATTEMPTS, 0",
        "MONGO_URI, localhost:27017",
        "MONGO_DB_NAME, my.db"})
    void invalidValueStopsStartUpNamingTheVariable(String name, String value) {
        ConfigException e = assertThrows(ConfigException.class,
                () -> AppConfig.from(new Environment(Map.of(name, value))));

        assertTrue(e.getMessage().contains(name), e.getMessage());
    }
}
