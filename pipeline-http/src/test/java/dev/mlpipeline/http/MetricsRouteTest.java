package dev.mlpipeline.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mlpipeline.http.RunningApi.Reply;
import java.net.http.HttpRequest;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** GET /metrics: the source's text, read afresh each time, behind the API token like every other route. */
class MetricsRouteTest {
    private static final HttpSettings LOCAL = new HttpSettings("127.0.0.1", 0);

    @Test
    void servesTheSourcesTextInPrometheusFormatAfreshEachTime() {
        AtomicInteger scrapes = new AtomicInteger();
        try (RunningApi api = new RunningApi(LOCAL, () -> "# TYPE scrapes counter\nscrapes_total "
                + scrapes.incrementAndGet() + "\n")) {
            Reply first = api.get("/metrics");
            Reply second = api.get("/metrics");

            assertEquals(200, first.status());
            assertEquals(MetricsSource.CONTENT_TYPE, first.header("Content-Type"));
            assertEquals("# TYPE scrapes counter\nscrapes_total 1\n", first.body());
            assertEquals("# TYPE scrapes counter\nscrapes_total 2\n", second.body());
        }
    }

    @Test
    void withoutASourceThereIsNoSuchRoute() {
        try (RunningApi api = new RunningApi(LOCAL)) {
            assertEquals(404, api.get("/metrics").status());
        }
    }

    @Test
    void aBrokenSourceIsA500InJsonWithoutItsMessage() {
        try (RunningApi api = new RunningApi(LOCAL, () -> {
            throw new IllegalStateException("secret internals");
        })) {
            Reply reply = api.get("/metrics");

            assertEquals(500, reply.status());
            assertEquals(ErrorMapper.INTERNAL_ERROR, reply.json().get("error").asText());
        }
    }

    @Test
    void theApiTokenGuardsItToo() {
        try (RunningApi api = new RunningApi(LOCAL.withApiToken("0123456789abcdef-token"), () -> "up 1\n")) {
            assertEquals(401, api.get("/metrics").status());
            assertEquals(200, api.send(HttpRequest.newBuilder(api.uri("/metrics"))
                    .header("Authorization", "Bearer 0123456789abcdef-token").GET()).status());
        }
    }
}
