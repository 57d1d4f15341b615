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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A SageMaker service on a loopback port for {@code benchmark}: the runtime's InvokeEndpoint for any
 * endpoint name, answering one box after {@code latencyMillis}, and the control plane's
 * DescribeEndpoint, answering {@code InService}. The real SDK talks to it over real HTTP, so the
 * benchmark times the whole client path; only the model is played.
 */
final class StandInSageMaker implements AutoCloseable {
    private static final byte[] ANSWER = ("{\"success\": true, \"detections\": [{\"class_name\": \"sign\","
            + " \"confidence\": 0.9, \"bbox\": {\"x1\": 10, \"y1\": 10, \"x2\": 60, \"y2\": 60}}]}")
            .getBytes(StandardCharsets.UTF_8);

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "stand-in-sagemaker");
        thread.setDaemon(true);
        return thread;
    });
    private final long latencyMillis;

    StandInSageMaker(long latencyMillis) throws IOException {
        this.latencyMillis = latencyMillis;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
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
                body = ANSWER;
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

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
