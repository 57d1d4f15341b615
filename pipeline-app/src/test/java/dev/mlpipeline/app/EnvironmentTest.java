package dev.mlpipeline.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvironmentTest {
    @Test
    void readsDotEnvLinesWithCommentsExportAndQuotes() {
        Map<String, String> values = Environment.parseDotEnv(List.of(
                "# settings",
                "",
                "PORT=6000",
                "export MONGO_DB_NAME = videos ",
                "UPLOAD_DIR=\"/srv/my uploads\"",
                "AWS_REGION='eu-west-1'",
                "LEASE_SECONDS=30 # shorter in staging",
                "not a setting"));

        assertEquals(Map.of("PORT", "6000", "MONGO_DB_NAME", "videos", "UPLOAD_DIR", "/srv/my uploads",
                "AWS_REGION", "eu-west-1", "LEASE_SECONDS", "30"), values);
    }

    @Test
    void processEnvironmentWinsOverTheDotEnvFile(@TempDir Path dir) throws IOException {
        Path dotEnv = dir.resolve(".env");
        Files.writeString(dotEnv, "PORT=6000\nMONGO_DB_NAME=from_file\n");

        Environment env = Environment.load(Map.of("PORT", "7000"), dotEnv);

        assertEquals(Optional.of("7000"), env.get("PORT"));
        assertEquals(Optional.of("from_file"), env.get("MONGO_DB_NAME"));
    }

    @Test
    void missingDotEnvFileIsFineAndBlankValuesCountAsUnset(@TempDir Path dir) {
        Environment env = Environment.load(Map.of("MONGO_URI", "  "), dir.resolve(".env"));

        assertEquals(Optional.empty(), env.get("MONGO_URI"));
        assertEquals(Optional.empty(), env.get("PORT"));
    }
}
