package dev.mlpipeline.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged jar running as a process of its own, as an operator runs it, for tests that stop it
 * with real signals: SIGKILL, SIGSTOP and SIGCONT, SIGTERM. Its output is kept for the test to read.
 * The jar is {@code target/pipeline-app.jar}, or the one named by the system property {@code ml.jar}
 * (to run the same tests against another build).
 */
final class ServiceProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on http://[^:]+:(\\d+)");
    private static final Pattern EMBEDDED = Pattern.compile("embedded MongoDB listening at (mongodb://\\S+)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final String name;
    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final Thread reader;
    private int port;
    private String embeddedUri;

    private ServiceProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        this.reader = new Thread(this::read, "output-of-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    /** {@code shared} with the name-value {@code pairs} added: one instance's variables beside the others'. */
    static Map<String, String> with(Map<String, String> shared, String... pairs) {
        Map<String, String> env = new HashMap<>(shared);
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    static Path jar() {
        String other = System.getProperty("ml.jar");
        Path jar = other == null || other.isBlank() ? Path.of("target", "pipeline-app.jar") : Path.of(other);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("package the app first: " + jar.toAbsolutePath());
        }
        return jar.toAbsolutePath();
    }

    /**
     * Starts {@code java -jar} in {@code workDir} with only {@code env} set of the service's variables
     * (free ports unless given), and waits until it listens.
     */
    static ServiceProcess start(String name, Path workDir, Map<String, String> env, String... javaOptions)
            throws IOException, InterruptedException {
        Files.createDirectories(workDir);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(javaOptions));
        command.addAll(List.of("-jar", jar().toString()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(key -> !key.equals("PATH") && !key.equals("HOME")
                && !key.equals("JAVA_HOME") && !key.equals("TMPDIR"));
        Map<String, String> settings = new HashMap<>(Map.of("PORT", "0", "EMBEDDED_MONGO_PORT", "0",
                "POLL_INTERVAL_SECONDS", "0.2"));
        settings.putAll(env);
        builder.environment().putAll(settings);
        ServiceProcess service = new ServiceProcess(name, builder.start());
        service.awaitListening();
        return service;
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                synchronized (lines) {
                    lines.add(line);
                    lines.notifyAll();
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    private void awaitListening() throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        int seen = 0;
        synchronized (lines) {
            while (port == 0) {
                for (; seen < lines.size(); seen++) {
                    Matcher embedded = EMBEDDED.matcher(lines.get(seen));
                    if (embedded.find()) {
                        embeddedUri = embedded.group(1);
                    }
                    Matcher listening = LISTENING.matcher(lines.get(seen));
                    if (listening.find()) {
                        port = Integer.parseInt(listening.group(1));
                    }
                }
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (port == 0 && (left <= 0 || !process.isAlive())) {
                    process.destroyForcibly();
                    throw new AssertionError(name + " did not start:\n" + String.join("\n", lines));
                }
                if (port == 0) {
                    lines.wait(Math.min(left, 200));
                }
            }
        }
    }

    int port() {
        return port;
    }

    /** The URI of its embedded database; fails when it uses another. */
    String mongoUri() {
        if (embeddedUri == null) {
            throw new IllegalStateException(name + " runs no embedded database");
        }
        return embeddedUri;
    }

    ServiceClient client() {
        return new ServiceClient(port);
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Everything it printed so far. */
    List<String> output() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    long countLines(String fragment) {
        return output().stream().filter(line -> line.contains(fragment)).count();
    }

    String outputText() {
        return name + " printed:\n" + String.join("\n", output());
    }

    /** SIGKILL, and waits until the process is gone. */
    void kill() throws InterruptedException {
        sigkill();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGKILL; returns once the signal is sent, not waiting for the process to be gone. */
    void sigkill() {
        process.destroyForcibly();
    }

    /** SIGTERM; does not wait. */
    void terminate() {
        // through the handle: Process.destroy() would also close our end of its output
        process.toHandle().destroy();
    }

    void pause() throws IOException, InterruptedException {
        signal("STOP");
    }

    void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IOException("kill -" + signal + " " + process.pid() + " failed");
        }
    }

    /** Waits for the process to end; its exit status, or null when it is still running. */
    Integer awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return null;
        }
        reader.join(5000);
        return process.exitValue();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
