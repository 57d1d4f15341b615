package dev.mlpipeline.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real Node.js clients of {@code src/test/js} (installed there by the build's {@code npm install}):
 * a script with node, or mongosh. Each prints one JSON object, which is what the test gets back.
 */
final class NodeClients {
    static final Path SCRIPTS = Path.of("src", "test", "js").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();

    private NodeClients() {
    }

    /** Fails the calling test class unless the Chromium that the browser scripts drive is there. */
    static void requireChromium() {
        Path chromium = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
        if (!Files.isExecutable(chromium)) {
            throw new AssertionError("the browser tests run Debian's chromium: apt-get install chromium"
                    + " (.ci/run does), or set CHROMIUM to another Chromium");
        }
    }

    /** {@code node <script> <arguments>}: its one line of JSON. */
    static JsonNode node(String script, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("node", SCRIPTS.resolve(script).toString()));
        command.addAll(List.of(arguments));
        return run(command);
    }

    /** {@code mongosh <uri> --quiet --file <script>}: its one line of JSON. */
    static JsonNode mongosh(String uri, String script) throws IOException, InterruptedException {
        return run(List.of(installed("mongosh").toString(), uri, "--quiet", "--norc", "--file",
                SCRIPTS.resolve(script).toString()));
    }

    static Path installed(String tool) {
        Path path = SCRIPTS.resolve("node_modules").resolve(".bin").resolve(tool);
        if (!Files.isExecutable(path)) {
            throw new IllegalStateException(tool + " is not installed in " + SCRIPTS
                    + ": the build runs `npm install` there before the process-level tests (mvn verify)");
        }
        return path;
    }

    private static JsonNode run(List<String> command) throws IOException, InterruptedException {
        Path output = Files.createTempFile("node-client", ".out");
        try {
            Process process = new ProcessBuilder(command).directory(SCRIPTS.toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(command + " did not end within 2 minutes");
            }
            String printed = Files.readString(output, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new AssertionError(command + " exited with " + process.exitValue() + ":\n" + printed);
            }
            String last = printed.strip().lines().reduce((first, second) -> second).orElse("");
            try {
                return JSON.readTree(last);
            } catch (IOException e) {
                throw new AssertionError(command + " printed no JSON:\n" + printed, e);
            }
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
