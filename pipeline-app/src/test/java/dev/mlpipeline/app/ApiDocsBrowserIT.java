package dev.mlpipeline.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /docs in real headless Chromium: it reads /openapi.json from the service and shows every operation. */
class ApiDocsBrowserIT {
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G'};

    @TempDir
    Path dir;

    @Test
    void theReaderShowsEveryOperationOfTheDocumentWithNothingFromOutside() throws Exception {
        NodeClients.requireChromium();
        Path screenshot = dir.resolve("docs.png");
        try (ServiceProcess service = ServiceProcess.start("service", dir, Map.of("WORKER_AUTOSTART", "false"))) {
            String base = "http://127.0.0.1:" + service.port();
            JsonNode spec = service.client().get("/openapi.json").body();

            JsonNode page = NodeClients.node("docs-page.js", base, screenshot.toString());

            List<String> documented = new ArrayList<>();
            spec.get("paths").fields().forEachRemaining(path -> path.getValue().fieldNames()
                    .forEachRemaining(method -> documented.add(method + " " + path.getKey())));
            List<String> shown = new ArrayList<>();
            page.get("operations").forEach(operation -> shown.add(operation.asText()));
            assertEquals(documented, shown, page.toString());
            assertTrue(page.get("title").asText().startsWith("ml-pipeline API"), page.toString());
            assertEquals(0, page.get("outside").size(), "requests outside the service: " + page.get("outside"));
            byte[] png = Files.readAllBytes(screenshot);
            assertTrue(png.length > 10_000, "a screenshot of a page with content: " + png.length + " bytes");
            assertEquals(List.of(PNG[0], PNG[1], PNG[2], PNG[3]), List.of(png[0], png[1], png[2], png[3]));
        }
    }
}
