package dev.mlpipeline.app;

import dev.mlpipeline.core.service.FileOps;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * {@code warm-up}: starts the service as {@code serve} does with its embedded defaults, in a temporary
 * folder on free loopback ports, answers {@code /health} and {@code GET /jobs} once, and stops. It is the
 * training run of a class-data archive: the build runs it under {@code -XX:ArchiveClassesAtExit}, and a
 * service launched with {@code -XX:SharedArchiveFile} then maps the classes it loaded instead of loading
 * them one by one (docs/performance.md).
 */
final class WarmUpCommand {
    private static final Duration ANSWER = Duration.ofSeconds(30);

    int run() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("ml-pipeline-warm-up");
        try {
            AppConfig config = AppConfig.from(new Environment(Map.of("HOST", "127.0.0.1", "PORT", "0",
                    "EMBEDDED_MONGO_PORT", "0", "DATA_DIR", dir.resolve("data").toString(),
                    "UPLOAD_DIR", dir.resolve("uploads").toString())));
            try (Application app = Application.start(config)) {
                HttpClient http = HttpClient.newHttpClient();
                for (String path : new String[] {"/health", "/jobs"}) {
                    HttpResponse<String> answer = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + app.port() + path)).timeout(ANSWER).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (answer.statusCode() != 200) {
                        System.err.println("ml-pipeline: warm-up: " + path + " answered " + answer.statusCode());
                        return 1;
                    }
                }
            }
            System.err.println("ml-pipeline: warm-up done");
            return 0;
        } finally {
            FileOps.deleteTree(dir);
        }
    }
}
