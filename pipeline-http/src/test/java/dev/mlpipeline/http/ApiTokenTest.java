package dev.mlpipeline.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlpipeline.http.RunningApi.Reply;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.util.List;
import org.junit.jupiter.api.Test;

/** API_TOKEN: every route but /health needs the bearer token; preflights and errors stay readable. */
class ApiTokenTest {
    private static final String TOKEN = "s3cret-token-0123456789";
    private static final String PAGE = "http://localhost:3000";

    private static RunningApi withToken() {
        return new RunningApi(new HttpSettings("127.0.0.1", 0).withApiToken(TOKEN));
    }

    @Test
    void withoutTheTokenEveryRouteButHealthAnswers401InJson() {
        try (RunningApi api = withToken()) {
            for (String path : List.of("/jobs", "/jobs/0123456789abcdef01234567", "/videos/x/frames",
                    "/videos/x/objects.geojson")) {
                Reply reply = api.get(path);

                assertEquals(401, reply.status(), path);
                assertTrue(reply.json().get("error").asText().contains("Bearer"), reply.body());
                assertEquals("Bearer", reply.header("WWW-Authenticate"), path);
            }
            assertEquals(401, api.post("/jobs", "{\"video_id\": \"0123456789abcdef01234567\"}").status());
            assertEquals(401, api.post("/worker/stop", "").status());
            assertEquals(200, api.get("/health").status(), "health stays open for load balancers");
        }
    }

    @Test
    void theRightTokenPassesAndAWrongOneOfAnyLengthDoesNot() {
        try (RunningApi api = withToken()) {
            assertEquals(200, get(api, "/jobs", "Bearer " + TOKEN).status());
            assertEquals(200, get(api, "/jobs", "bearer " + TOKEN).status(), "the scheme is case-insensitive");
            for (String wrong : List.of("Bearer " + TOKEN + "x", "Bearer " + TOKEN.substring(1), "Bearer ",
                    "Basic " + TOKEN, TOKEN)) {
                Reply reply = get(api, "/jobs", wrong);

                assertEquals(401, reply.status(), wrong);
                assertTrue(reply.json().has("error"), reply.body());
            }
        }
    }

    @Test
    void aBrowserPreflightNeedsNoTokenAndA401CanBeReadByThePage() {
        try (RunningApi api = withToken()) {
            Reply preflight = api.send(HttpRequest.newBuilder(api.uri("/jobs")).header("Origin", PAGE)
                    .header("Access-Control-Request-Method", "POST")
                    .header("Access-Control-Request-Headers", "authorization, content-type")
                    .method("OPTIONS", BodyPublishers.noBody()));
            Reply refused = api.send(HttpRequest.newBuilder(api.uri("/jobs")).header("Origin", PAGE).GET());

            assertTrue(preflight.status() == 200 || preflight.status() == 204, preflight.status() + "");
            assertEquals("*", preflight.header("Access-Control-Allow-Origin"));
            assertTrue(preflight.header("Access-Control-Allow-Headers").toLowerCase().contains("authorization"),
                    preflight.headers().toString());
            assertEquals(401, refused.status());
            assertEquals("*", refused.header("Access-Control-Allow-Origin"), "the page can read why");
        }
    }

    @Test
    void aShortOrSpacedTokenIsRefused() {
        HttpSettings settings = new HttpSettings("127.0.0.1", 0);
        assertThrows(IllegalArgumentException.class, () -> settings.withApiToken("short"));
        assertThrows(IllegalArgumentException.class, () -> settings.withApiToken("has a space in it, long"));
    }

    private static Reply get(RunningApi api, String path, String authorization) {
        return api.send(HttpRequest.newBuilder(api.uri(path)).header("Authorization", authorization).GET());
    }
}
