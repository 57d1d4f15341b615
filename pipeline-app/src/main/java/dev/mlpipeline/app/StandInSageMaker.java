package dev.mlpipeline.app;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A SageMaker service on a loopback port for {@code benchmark}: the runtime's InvokeEndpoint for any
 * endpoint name, answering its boxes after its latency (which may change between runs), and the
 * control plane's DescribeEndpoint, answering {@code InService}. The real SDK talks to it over real HTTP, so the
 * benchmark times the whole client path; only the model is played.
 */
final class StandInSageMaker implements AutoCloseable {
    /** One box, in the model's 640 x 360 picture of a 720p frame. */
    static final String ONE_BOX = answer(box("sign", 0.9, 10, 10, 60, 60));
    /** Four boxes, which keep drawing, tracking and the records as busy as a road's objects. */
    static final String FOUR_BOXES = answer(box("car", 0.9, 50, 150, 150, 225), box("car", 0.8, 200, 160, 280, 220),
            box("person", 0.7, 350, 125, 380, 210), box("traffic_sign", 0.6, 500, 50, 540, 90));

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "stand-in-sagemaker");
        thread.setDaemon(true);
        return thread;
    });
    private final byte[] answer;
    private volatile long latencyMillis;

    StandInSageMaker(long latencyMillis, String answer) throws IOException {
        this.latencyMillis = latencyMillis;
        this.answer = answer.getBytes(StandardCharsets.UTF_8);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    /** How long each InvokeEndpoint takes from now on. */
    void latency(long millis) {
        latencyMillis = millis;
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            in.readAllBytes();
            byte[] body;
            if ("SageMaker.DescribeEndpoint".equals(exchange.getRequestHeaders().getFirst("X-Amz-Target"))) {
                body = "{\"EndpointStatus\": \"InService\"}".getBytes(StandardCharsets.UTF_8);
            } else {
                Thread.sleep(latencyMillis);
                body = answer;
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String answer(String... boxes) {
        return "{\"success\": true, \"detections\": [" + String.join(", ", boxes) + "]}";
    }

    private static String box(String name, double confidence, int x1, int y1, int x2, int y2) {
        return String.format(Locale.ROOT, "{\"class_name\": \"%s\", \"confidence\": %.2f, \"bbox\": {\"x1\": %d,"
                + " \"y1\": %d, \"x2\": %d, \"y2\": %d}}", name, confidence, x1, y1, x2, y2);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
