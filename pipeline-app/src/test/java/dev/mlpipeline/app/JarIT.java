package dev.mlpipeline.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar, started as an operator would, from an unrelated folder, and stopped with SIGTERM. */
class JarIT {
    private static final Pattern LISTENING = Pattern.compile("listening on http://[^:]+:(\\d+)");

    @Test
    void runsFromAnyFolderWithNoConfigurationAndStopsCleanlyOnSigterm(@TempDir Path workDir) throws Exception {
        Path jar = Path.of("target", "pipeline-app.jar").toAbsolutePath();
        assertTrue(Files.isRegularFile(jar), "package the app first: " + jar);
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString())
                .directory(workDir.toFile())
                .redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("MONGO") || name.equals("DATA_DIR"));
        builder.environment().put("PORT", "0");
        builder.environment().put("EMBEDDED_MONGO_PORT", "0");
        Process process = builder.start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                in.lines().forEach(lines::add);
            } catch (Exception ignored) {
                // the process ended
            }
        });
        reader.start();
        try {
            int port = awaitPort(lines);
            ServiceClient.Reply health = new ServiceClient(port).get("/health");
            assertEquals(200, health.status());
            assertTrue(health.body().get("worker_running").asBoolean());

            // through the handle: Process.destroy() would also close our end of its output
            assertTrue(process.toHandle().destroy(), "SIGTERM sent");

            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "stops within a minute of SIGTERM");
            reader.join(5000);
            assertEquals(143, process.exitValue(), "exit status of a JVM ended by SIGTERM");
            List<String> rest = List.copyOf(lines);
            assertTrue(rest.stream().anyMatch(line -> line.contains("ml-pipeline stopped")),
                    "no shutdown message after SIGTERM; output after start-up:\n" + String.join("\n", rest));
            assertTrue(Files.isRegularFile(workDir.resolve("data").resolve(EmbeddedMongo.FILE_NAME)));
            assertTrue(Files.isDirectory(workDir.resolve("uploads")));
        } finally {
            process.destroyForcibly();
        }
    }

    /**
     * The build leaves a class-data archive beside the jar, recorded by a training run of this jar
     * ({@code warm-up}); a service launched with it maps those classes. {@code -Xshare:on} makes a JVM
     * that cannot use the archive (another jar, another JVM) fail at once instead of starting without it.
     */
    @Test
    void startsWithTheClassDataArchiveTheBuildRecorded(@TempDir Path workDir) throws Exception {
        Path archive = Path.of("target", "pipeline-app.jsa").toAbsolutePath();
        assertTrue(Files.isRegularFile(archive), "the build records " + archive + " when it packages the jar");

        try (ServiceProcess service = ServiceProcess.start("archived", workDir, Map.of(),
                "-XX:SharedArchiveFile=" + archive, "-Xshare:on")) {
            ServiceClient.Reply health = service.client().get("/health");
            assertEquals(200, health.status(), health.body().toString());
        }
    }

    /** An archive that is not the jar's own (the jar rebuilt since, say) costs one warning, not the start. */
    @Test
    void aJvmThatCannotUseTheArchiveSaysSoAndStartsWithoutIt(@TempDir Path workDir) throws Exception {
        Path archive = Path.of("target", "pipeline-app.jsa").toAbsolutePath();
        Path rebuilt = Files.copy(Path.of("target", "pipeline-app.jar"), workDir.resolve("pipeline-app.jar"));
        Process help = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:SharedArchiveFile=" + archive, "-cp", rebuilt.toString(), Main.class.getName(), "help")
                .redirectErrorStream(true).start();
        String printed = new String(help.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertTrue(help.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, help.exitValue(), printed);
        assertTrue(printed.contains("Unable to use shared archive"), printed);
        assertTrue(printed.contains(Main.USAGE), printed);
    }

    private static int awaitPort(BlockingQueue<String> lines) throws InterruptedException {
        StringBuilder seen = new StringBuilder();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            String line = lines.poll(1, TimeUnit.SECONDS);
            if (line == null) {
                continue;
            }
            seen.append(line).append('\n');
            Matcher matcher = LISTENING.matcher(line);
            if (matcher.find()) {
                return Integer.parseInt(matcher.group(1));
            }
        }
        throw new AssertionError("the service did not say where it listens:\n" + seen);
    }
}
