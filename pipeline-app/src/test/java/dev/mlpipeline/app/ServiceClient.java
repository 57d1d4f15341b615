package dev.mlpipeline.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small client for the service's HTTP API, as an operator's curl would use it. */
final class ServiceClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Reply(int status, JsonNode body) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    ServiceClient(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    Reply get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    Reply post(String path, String body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Polls the job until it is completed or failed; answers other than 200 count as not yet. */
    JsonNode awaitFinished(String jobId, Duration timeout) {
        JsonNode[] job = new JsonNode[1];
        dev.mlpipeline.core.testing.Await.until("job " + jobId + " finished", timeout, () -> {
            try {
                Reply reply = get("/jobs/" + jobId);
                job[0] = reply.body().path("job");
                return reply.status() == 200 && job[0].path("status").asText().matches("completed|failed");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
        return job[0];
    }

    private Reply send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), JSON.readTree(response.body()));
    }
}
