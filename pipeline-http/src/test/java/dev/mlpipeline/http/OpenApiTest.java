package dev.mlpipeline.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlpipeline.http.RunningApi.Reply;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** /openapi.json against the routes the API serves, both ways, and the page that reads it. */
class OpenApiTest {
    private static final HttpSettings LOCAL = new HttpSettings("127.0.0.1", 0);

    @Test
    void theDocumentNamesExactlyTheRoutesServed() throws Exception {
        try (RunningApi api = new RunningApi(LOCAL, () -> "up 1\n")) {
            Reply reply = api.get("/openapi.json");
            assertEquals(200, reply.status());
            JsonNode spec = RunningApi.JSON.readTree(reply.body());

            assertEquals("3.0.3", spec.get("openapi").asText());
            assertEquals(new TreeSet<>(api.api.routes()), new TreeSet<>(operations(spec)),
                    "routes served vs. operations documented");
        }
    }

    @Test
    void everyDocumentedOperationIsAnsweredByItsRouteNotAs404Or405() throws Exception {
        try (RunningApi api = new RunningApi(LOCAL, () -> "up 1\n")) {
            JsonNode spec = RunningApi.JSON.readTree(api.get("/openapi.json").body());
            for (String operation : operations(spec)) {
                String method = operation.substring(0, operation.indexOf(' '));
                String path = operation.substring(method.length() + 1);
                String called = path.replace("{id}", "0123456789abcdef01234567").replace("{file}", "app.js")
                        .replace("{path}", "annotated/none.mp4");
                Reply reply = api.send(HttpRequest.newBuilder(api.uri(called)).method(method,
                        method.equals("POST") ? BodyPublishers.ofString("{}") : BodyPublishers.noBody()));
                JsonNode responses = spec.at("/paths/" + escape(path) + "/" + method.toLowerCase() + "/responses");

                assertNotEquals(405, reply.status(), operation);
                assertTrue(responses.has(String.valueOf(reply.status())), operation + " answered an undocumented "
                        + reply.status() + ": " + reply.body());
            }
        }
    }

    @Test
    void theReaderPageIsServedAndReadsTheDocumentFromTheService() {
        try (RunningApi api = new RunningApi(LOCAL)) {
            Reply page = api.get("/docs");

            assertEquals(200, page.status());
            assertTrue(page.contentType().startsWith("text/html"), page.contentType());
            assertTrue(page.body().contains("fetch('openapi.json')"), "relative, so it works behind a prefix too");
            assertTrue(!page.body().contains("https://"), "nothing from outside the service");
        }
    }

    private static List<String> operations(JsonNode spec) {
        List<String> operations = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = spec.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            path.getValue().fieldNames().forEachRemaining(method -> operations.add(method.toUpperCase() + " "
                    + path.getKey()));
        }
        return operations;
    }

    /** A path as a JSON pointer token: '/' becomes '~1'. */
    private static String escape(String path) {
        return path.replace("~", "~0").replace("/", "~1");
    }
}
