package dev.mlpipeline.http;

import static dev.mlpipeline.core.testing.Builders.aPendingJob;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.mlpipeline.core.domain.Job;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The webhook POST as a receiver on a loopback port gets it. */
class WebhookSenderTest {
    private static final String SECRET = "a-webhook-secret-of-some-length";

    private HttpServer receiver;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile int answer = 204;

    private record Received(String method, String path, Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    @BeforeEach
    void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/", exchange -> {
            try (exchange) {
                received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                        Map.copyOf(exchange.getRequestHeaders()), exchange.getRequestBody().readAllBytes()));
                if (answer == 302) {
                    exchange.getResponseHeaders().add("Location", "/elsewhere");
                }
                exchange.sendResponseHeaders(answer, -1);
            }
        });
        receiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.stop(0);
    }

    private Job endedJob(String path) {
        return aPendingJob().callback("http://127.0.0.1:" + receiver.getAddress().getPort() + path).build();
    }

    @Test
    void postsTheJobAsJsonSignedWithTheSecret() throws Exception {
        Job job = endedJob("/hooks/jobs?team=7");

        int status = new WebhookSender(Optional.of(SECRET), Duration.ofSeconds(5)).send(job, "job.failed", "d-1");

        assertEquals(204, status);
        Received post = received.get(0);
        assertEquals("POST", post.method());
        assertEquals("/hooks/jobs?team=7", post.path());
        assertEquals("application/json", post.header("Content-Type"));
        assertEquals("job.failed", post.header("X-ML-Pipeline-Event"));
        assertEquals("d-1", post.header("X-ML-Pipeline-Delivery"));
        assertEquals("sha256=" + hmac(SECRET, post.body()), post.header("X-Signature-256"),
                "the receiver can check the body with the shared secret");
        JsonNode body = RunningApi.JSON.readTree(post.body());
        assertEquals(List.of("event", "delivery_id", "sent_at", "job"), List.copyOf(Fields.names(body)));
        assertEquals("job.failed", body.get("event").textValue());
        assertEquals("d-1", body.get("delivery_id").textValue());
        assertEquals(RunningApi.JSON.valueToTree(JobJson.of(job)), body.get("job"), "the job as the API shows it");
    }

    @Test
    void withoutASecretTheBodyIsNotSigned() throws Exception {
        new WebhookSender(Optional.empty(), Duration.ofSeconds(5)).send(endedJob("/"), "job.completed", "d-2");

        assertNull(received.get(0).header("X-Signature-256"));
    }

    @Test
    void anyStatusIsReturnedAndARedirectIsNotFollowed() throws Exception {
        WebhookSender sender = new WebhookSender(Optional.of(SECRET), Duration.ofSeconds(5));
        answer = 503;
        assertEquals(503, sender.send(endedJob("/"), "job.completed", "d-3"));
        answer = 302;

        assertEquals(302, sender.send(endedJob("/"), "job.completed", "d-3"));

        assertEquals(2, received.size(), "the redirect's target was not asked");
    }

    @Test
    void noAnswerIsAnIOException() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        Job job = aPendingJob().callback("http://127.0.0.1:" + closedPort + "/").build();

        assertThrows(IOException.class,
                () -> new WebhookSender(Optional.empty(), Duration.ofSeconds(2)).send(job, "job.completed", "d-4"));
    }

    @Test
    void theSignatureIsGitHubsHmacSha256() {
        // the example in GitHub's documentation on validating webhook deliveries
        assertEquals("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
                WebhookSender.signature("It's a Secret to Everybody".getBytes(StandardCharsets.UTF_8),
                        "Hello, World!".getBytes(StandardCharsets.UTF_8)));
        assertNotEquals("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
                WebhookSender.signature("another secret".getBytes(StandardCharsets.UTF_8),
                        "Hello, World!".getBytes(StandardCharsets.UTF_8)));
    }

    private static String hmac(String key, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }
}
