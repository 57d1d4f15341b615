package dev.mlpipeline.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The container's health probe against a server that answers 200, one that answers 503, and none. */
class HealthCommandTest {
    private final Environment env = new Environment(Map.of());

    private static HttpServer serving(int status) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/health", exchange -> {
            byte[] body = ("{\"status\": \"" + (status == 200 ? "ok" : "unavailable") + "\"}").getBytes();
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }

    private int probe(HttpServer server) throws Exception {
        return HealthCommand.parse(List.of("--url", "http://127.0.0.1:" + server.getAddress().getPort() + "/health"),
                env).run();
    }

    @Test
    void exitsZeroOnlyWhenTheServiceAnswers200() throws Exception {
        HttpServer up = serving(200);
        HttpServer down = serving(503);
        try {
            assertEquals(0, probe(up));
            assertEquals(1, probe(down));
        } finally {
            up.stop(0);
            down.stop(0);
        }
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        assertEquals(1, HealthCommand.parse(List.of("--url", "http://127.0.0.1:" + closed + "/health"), env).run());
    }

    @Test
    void asksThePortTheServiceListensOnByDefault() throws Exception {
        HttpServer up = serving(200);
        try {
            assertEquals(0, HealthCommand.parse(List.of(), new Environment(Map.of("PORT",
                    String.valueOf(up.getAddress().getPort())))).run());
        } finally {
            up.stop(0);
        }
        assertThrows(Main.UsageException.class, () -> HealthCommand.parse(List.of("--port"), env));
    }
}
