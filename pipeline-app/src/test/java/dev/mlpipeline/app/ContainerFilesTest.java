package dev.mlpipeline.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Dockerfile and compose.yaml against the service: every variable they set is one the service
 * reads (a misspelt one would be ignored without a word), the image does not run as root, and its
 * health check runs a command the jar has. container/build.sh builds and runs the image itself.
 */
class ContainerFilesTest {
    private static final Path DOCKERFILE = Path.of("..", "Dockerfile");
    private static final Path COMPOSE = Path.of("..", "compose.yaml");

    /** Every variable the service reads, asked of a configuration that reads them all. */
    private static Set<String> variablesRead() {
        Set<String> read = new TreeSet<>();
        for (Map<String, String> values : List.of(Map.<String, String>of(),
                Map.of("SAGEMAKER_ENDPOINT_NAME", "yolo", "AWS_REGION", "ap-south-1"))) {
            Environment env = new Environment(values);
            AppConfig.from(env);
            read.addAll(env.defaultsAsked().keySet());
        }
        return read;
    }

    /** The names set in the Dockerfile's ENV instructions, and in compose.yaml's environment blocks. */
    private static Set<String> variablesSet() throws IOException {
        Set<String> set = new TreeSet<>();
        boolean inEnv = false;
        for (String line : Files.readAllLines(DOCKERFILE)) {
            inEnv = inEnv || line.startsWith("ENV ");
            if (inEnv) {
                Matcher pair = Pattern.compile("([A-Z][A-Z0-9_]*)=").matcher(line);
                while (pair.find()) {
                    set.add(pair.group(1));
                }
                inEnv = line.endsWith("\\");
            }
        }
        int blockIndent = -1;
        for (String line : Files.readAllLines(COMPOSE)) {
            int indent = line.length() - line.stripLeading().length();
            if (line.strip().equals("environment:")) {
                blockIndent = indent;
            } else if (blockIndent >= 0 && indent > blockIndent && !line.isBlank()) {
                Matcher name = Pattern.compile("^\\s+([A-Z][A-Z0-9_]*):").matcher(line);
                if (name.find()) {
                    set.add(name.group(1));
                }
            } else if (!line.isBlank() && !line.strip().startsWith("#")) {
                blockIndent = -1;
            }
        }
        return set;
    }

    @Test
    void everyVariableTheContainerFilesSetIsOneTheServiceReads() throws IOException {
        Set<String> set = variablesSet();

        assertTrue(set.containsAll(List.of("MONGO_URI", "PORT", "UPLOAD_DIR", "DATA_DIR", "WEBHOOK_SECRET")),
                set.toString());
        set.removeAll(variablesRead());
        assertEquals(Set.of(), set, "set in the container files but read by nobody");
    }

    @Test
    void theImageRunsAsAUserOfItsOwnAndChecksItsHealthWithTheJarsOwnProbe() throws IOException {
        String dockerfile = Files.readString(DOCKERFILE);
        String finalStage = dockerfile.substring(dockerfile.lastIndexOf("\nFROM "));
        Matcher user = Pattern.compile("(?m)^USER (\\S+)").matcher(finalStage);

        assertTrue(user.find(), "the final stage names a user");
        assertFalse(user.group(1).startsWith("0") || user.group(1).startsWith("root"), user.group(1));
        assertTrue(dockerfile.contains("ARG BUILD_IMAGE=") && dockerfile.contains("ARG RUNTIME_IMAGE="),
                "both base images can be overridden");
        Matcher health = Pattern.compile(
                "(?m)^HEALTHCHECK .*\\n\\s+CMD \\[.*\"-jar\", \"/app/ml-pipeline.jar\", \"(\\w+)\"]").matcher(dockerfile);
        assertTrue(health.find(), "a HEALTHCHECK that runs the jar");
        assertTrue(Main.USAGE.contains("\n  " + health.group(1) + " "), "the jar has the command " + health.group(1));
    }

    /** The build stage copies each module's POM before the sources: a module left out breaks the build. */
    @Test
    void theBuildCopiesEveryModulesPom() throws IOException {
        Matcher module = Pattern.compile("<module>([^<]+)</module>")
                .matcher(Files.readString(Path.of("..", "pom.xml")));
        String dockerfile = Files.readString(DOCKERFILE);
        int modules = 0;
        while (module.find()) {
            modules++;
            String copy = "COPY " + module.group(1) + "/pom.xml " + module.group(1) + "/";
            assertTrue(dockerfile.contains(copy), "the Dockerfile lacks: " + copy);
        }
        assertTrue(modules >= 7, "modules found: " + modules);
    }
}
