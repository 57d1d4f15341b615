package dev.mlpipeline.app;

import dev.mlpipeline.http.HttpSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * {@code health [--url <url>]}: asks a running service's {@code GET /health} and exits 0 when it
 * answers 200, 1 otherwise, printing the answer. A container's {@code HEALTHCHECK} runs it, so the
 * image needs no curl; by default it asks {@code http://127.0.0.1:$PORT/health}.
 */
final class HealthCommand {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final URI url;

    private HealthCommand(URI url) {
        this.url = url;
    }

    static HealthCommand parse(List<String> args, Environment env) {
        if (args.isEmpty()) {
            int port = env.integer("PORT", HttpSettings.DEFAULT_PORT, 1, 65_535);
            return new HealthCommand(URI.create("http://127.0.0.1:" + port + "/health"));
        }
        if (args.size() != 2 || !args.get(0).equals("--url")) {
            throw new Main.UsageException("health takes no argument but --url <url>");
        }
        try {
            return new HealthCommand(URI.create(args.get(1)));
        } catch (IllegalArgumentException e) {
            throw new Main.UsageException("not a URL: " + args.get(1));
        }
    }

    int run() throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        try {
            HttpResponse<String> answer = client.send(HttpRequest.newBuilder(url).timeout(TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofString());
            System.out.println(answer.statusCode() + " " + answer.body());
            return answer.statusCode() == 200 ? 0 : 1;
        } catch (IOException | IllegalArgumentException e) {
            System.out.println("no answer from " + url + ": " + e);
            return 1;
        }
    }
}
