package dev.mlpipeline.app;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A webhook receiver on a fixed loopback port, as a team would run one: it checks each POST's
 * signature with the shared secret, answers with the statuses queued (200 once they run out), and keeps
 * what it got. It can be started after the port was handed out, to play a receiver that was down.
 */
final class WebhookReceiver implements AutoCloseable {
    /** One POST as received: its event and delivery headers, its body, and whether its signature held. */
    record Post(String event, String delivery, String body, boolean signed) {
    }

    private final int port;
    private final byte[] secret;
    private final List<Post> posts = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Integer> statuses = new ConcurrentLinkedQueue<>();
    private HttpServer server;

    private WebhookReceiver(int port, String secret) {
        this.port = port;
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    /** A receiver for a free port, not listening yet. */
    static WebhookReceiver onFreePort(String secret) throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return new WebhookReceiver(socket.getLocalPort(), secret);
        }
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** Answers the next POSTs with these statuses, in order. */
    WebhookReceiver answering(Integer... next) {
        statuses.addAll(List.of(next));
        return this;
    }

    WebhookReceiver start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        server.createContext("/", exchange -> {
            try (exchange) {
                byte[] body = exchange.getRequestBody().readAllBytes();
                String signature = exchange.getRequestHeaders().getFirst("X-Signature-256");
                posts.add(new Post(exchange.getRequestHeaders().getFirst("X-ML-Pipeline-Event"),
                        exchange.getRequestHeaders().getFirst("X-ML-Pipeline-Delivery"),
                        new String(body, StandardCharsets.UTF_8), ("sha256=" + hmac(body)).equals(signature)));
                Integer status = statuses.poll();
                exchange.sendResponseHeaders(status == null ? 200 : status, -1);
            }
        });
        server.start();
        return this;
    }

    List<Post> posts() {
        return List.copyOf(posts);
    }

    private String hmac(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
        }
    }
}
