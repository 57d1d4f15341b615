package dev.mlpipeline.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * This program in a JVM of its own, as an operator starts it: the same java and class path, default
 * JVM options and none of this process's service settings (only {@code env}), so that what the
 * benchmark measures there (memory, start-up) is what a fresh launch at default settings gives.
 */
final class ChildJvm {
    private ChildJvm() {
    }

    /** Starts {@code Main} with {@code args} in {@code workDir}: its output to {@code <name>.out}, its log to .log. */
    static Process start(Path workDir, String name, Map<String, String> env, String... args)
            throws IOException {
        return start(workDir, name, env, List.of(), args);
    }

    /** As {@link #start(Path, String, Map, String...)}, the JVM started with {@code jvmOptions}. */
    static Process start(Path workDir, String name, Map<String, String> env, List<String> jvmOptions,
            String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", absoluteClassPath(), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectOutput(output(workDir, name).toFile()).redirectError(log(workDir, name).toFile());
        builder.environment().keySet().removeIf(key -> !List.of("PATH", "HOME", "JAVA_HOME", "TMPDIR").contains(key));
        builder.environment().putAll(env);
        return builder.start();
    }

    /**
     * This JVM's class path with every entry absolute: the child runs in a folder of its own, where a
     * relative one ({@code java -jar pipeline-app/target/pipeline-app.jar}) would name nothing.
     */
    static String absoluteClassPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(entry -> Path.of(entry).toAbsolutePath().toString())
                .collect(Collectors.joining(File.pathSeparator));
    }

    /**
     * The class-data archive that the build records beside the jar ({@code pipeline-app.jsa} beside
     * {@code pipeline-app.jar}), when this JVM runs from that one jar; empty otherwise (from classes, say).
     */
    static Optional<Path> classDataArchive() {
        String classPath = absoluteClassPath();
        if (classPath.contains(File.pathSeparator) || !classPath.endsWith(".jar")) {
            return Optional.empty();
        }
        Path archive = Path.of(classPath.substring(0, classPath.length() - ".jar".length()) + ".jsa");
        return Files.isRegularFile(archive) ? Optional.of(archive) : Optional.empty();
    }

    static Path output(Path workDir, String name) {
        return workDir.resolve(name + ".out");
    }

    static Path log(Path workDir, String name) {
        return workDir.resolve(name + ".log");
    }

    /**
     * {@code process <clip>} at default settings in a JVM of its own: the seconds its run took (without
     * the JVM's start) and the process's peak resident memory.
     */
    static ProcessRun process(Path clip, Path workDir, String name) throws IOException, InterruptedException {
        Process child = start(workDir, name, Map.of(), "process", clip.toString(), "--output",
                workDir.resolve(name + ".mp4").toString());
        if (!child.waitFor(30, TimeUnit.MINUTES) || child.exitValue() != 0) {
            child.destroyForcibly();
            throw new IOException("process " + clip.getFileName() + " failed: " + Files.readString(log(workDir, name)));
        }
        JsonNode report = new ObjectMapper().readTree(output(workDir, name).toFile());
        return new ProcessRun(report.path("seconds").asDouble(), report.path("peak_memory_mib").asLong(-1),
                report.path("detector").asText());
    }

    record ProcessRun(double seconds, long peakMib, String detector) {
    }
}
