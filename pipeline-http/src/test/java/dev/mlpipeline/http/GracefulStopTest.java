package dev.mlpipeline.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlpipeline.core.port.HealthCheck;
import dev.mlpipeline.core.testing.InMemoryJobRepository;
import dev.mlpipeline.http.RunningApi.Reply;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GracefulStopTest {

    @Test
    void givenARequestInFlight_whenStopping_thenItIsAnsweredBeforeTheServerCloses() throws Exception {
        SlowHealthCheck slow = new SlowHealthCheck();
        RunningApi api = new RunningApi(new InMemoryJobRepository(), List.of(slow), Duration.ofSeconds(10));
        try {
            CompletableFuture<Reply> inFlight = CompletableFuture.supplyAsync(() -> api.get("/health"));
            assertTrue(slow.entered.await(5, TimeUnit.SECONDS), "the request reached the handler");

            CompletableFuture<Void> stopping = CompletableFuture.runAsync(api.api::stop);
            Thread.sleep(200);
            slow.release.countDown();

            Reply reply = inFlight.get(10, TimeUnit.SECONDS);
            stopping.get(10, TimeUnit.SECONDS);
            assertEquals(200, reply.status());
            assertEquals("ok", reply.json().get("status").textValue());
        } finally {
            slow.release.countDown();
            api.close();
        }
    }

    @Test
    void givenARequestOutlastingTheStopTimeout_whenStopping_thenTheApiStopsAnyway() throws Exception {
        SlowHealthCheck slow = new SlowHealthCheck();
        RunningApi api = new RunningApi(new InMemoryJobRepository(), List.of(slow), Duration.ofMillis(300));
        int port = api.api.port();
        try {
            CompletableFuture<Reply> inFlight = CompletableFuture.supplyAsync(() -> api.get("/health"));
            assertTrue(slow.entered.await(5, TimeUnit.SECONDS), "the request reached the handler");

            assertTimeoutPreemptively(Duration.ofSeconds(8), api.api::stop);

            assertRefused(port);
            inFlight.handle((reply, failure) -> null).get(10, TimeUnit.SECONDS);
        } finally {
            slow.release.countDown();
            api.close();
        }
    }

    @Test
    void givenStoppedApi_thenNewRequestsAreRefused() throws Exception {
        RunningApi api = new RunningApi();
        int port = api.api.port();
        assertEquals(200, api.get("/health").status());
        api.close();

        assertRefused(port);
    }

    private static void assertRefused(int port) {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                .timeout(Duration.ofSeconds(5)).build();
        assertThrows(ConnectException.class, () -> client.send(request, BodyHandlers.discarding()));
    }

    /** A check that holds its request until released. */
    private static final class SlowHealthCheck implements HealthCheck {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public String name() {
            return "mongodb";
        }

        @Override
        public Health check() {
            entered.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Health.up("slow but fine");
        }
    }
}
