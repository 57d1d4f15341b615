package dev.mlpipeline.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlpipeline.http.RunningApi.Reply;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * CORS on every route, as the origin's flask_cors gives it: a browser's preflight is answered, and
 * answers (errors too) tell which origins may read them. The real browser test is CorsBrowserIT.
 */
class CorsTest {
    private static final String PAGE = "http://localhost:3000";

    @Test
    void givenAnyOrigin_thenAPreflightForAJsonPostIsAllowed() {
        try (RunningApi api = new RunningApi()) {
            Reply reply = preflight(api, "/jobs", PAGE);

            assertTrue(reply.status() == 200 || reply.status() == 204, reply.status() + " " + reply.body());
            assertEquals("*", reply.header("Access-Control-Allow-Origin"));
            assertTrue(reply.header("Access-Control-Allow-Methods").contains("POST"), reply.headers().toString());
            assertTrue(reply.header("Access-Control-Allow-Headers").toLowerCase().contains("content-type"),
                    reply.headers().toString());
        }
    }

    @Test
    void givenAnyOrigin_thenEveryAnswerErrorsIncludedMayBeReadByThePage() {
        try (RunningApi api = new RunningApi()) {
            for (String path : List.of("/health", "/jobs", "/jobs/xyz", "/nope", "//jobs")) {
                Reply reply = api.send(HttpRequest.newBuilder(api.uri(path)).header("Origin", PAGE).GET());

                assertEquals("*", reply.header("Access-Control-Allow-Origin"), path + ": " + reply.status());
            }
        }
    }

    @Test
    void givenConfiguredOrigins_thenOnlyThoseMayCallTheApi() {
        HttpSettings settings = new HttpSettings("127.0.0.1", 0, HttpSettings.DEFAULT_STOP_TIMEOUT,
                List.of(PAGE, "https://survey.example.com"));
        try (RunningApi api = new RunningApi(settings)) {
            Reply allowed = preflight(api, "/jobs", "https://survey.example.com");
            Reply refused = preflight(api, "/jobs", "https://elsewhere.example.com");
            Reply read = api.send(HttpRequest.newBuilder(api.uri("/jobs")).header("Origin", PAGE).GET());

            assertEquals("https://survey.example.com", allowed.header("Access-Control-Allow-Origin"));
            assertEquals("", refused.header("Access-Control-Allow-Origin"));
            assertEquals(PAGE, read.header("Access-Control-Allow-Origin"));
            assertFalse(read.header("Vary").isEmpty(), "an answer that depends on Origin says so to caches");
        }
    }

    @Test
    void givenAMalformedOriginOrNone_thenTheSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new HttpSettings("127.0.0.1", 0,
                HttpSettings.DEFAULT_STOP_TIMEOUT, List.of("localhost:3000/app")));
        assertThrows(IllegalArgumentException.class, () -> new HttpSettings("127.0.0.1", 0,
                HttpSettings.DEFAULT_STOP_TIMEOUT, List.of()));
    }

    private static Reply preflight(RunningApi api, String path, String origin) {
        return api.send(HttpRequest.newBuilder(api.uri(path)).header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type")
                .method("OPTIONS", BodyPublishers.noBody()));
    }
}
