package dev.mlpipeline.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's configuration table against the code: every variable the service reads is in the
 * table and nothing else is, each with the default the code passes (which comes from the library's
 * settings, the one place each default lives). A default changed in code but not in the README, or a
 * new variable left out of it, fails here.
 */
class ConfigurationTableTest {
    private static final Path README = Path.of("..", "README.md");
    private static final Pattern ROW =
            Pattern.compile("^\\| (`[A-Z0-9_]+`(?: \\(or `[A-Z0-9_]+`\\))?) \\| ([^|]+) \\|");
    private static final Pattern NAME = Pattern.compile("`([A-Z0-9_]+)`");

    @Test
    void theReadmeTableNamesEveryVariableTheServiceReadsWithTheDefaultItUses() throws IOException {
        Map<String, String> documented = table();
        Map<String, String> read = new TreeMap<>();
        // once with nothing set, once with an endpoint: the SageMaker variables are read only then
        for (Map<String, String> values : java.util.List.of(Map.<String, String>of(),
                Map.of("SAGEMAKER_ENDPOINT_NAME", "yolo", "AWS_DEFAULT_REGION", "ap-south-1"),
                Map.of("SAGEMAKER_ENDPOINTS", "its=rr-its", "AWS_REGION", "ap-south-1"))) {
            Environment env = new Environment(values);
            AppConfig.from(env);
            read.putAll(env.defaultsAsked());
        }

        assertEquals(read.keySet(), documented.keySet(), "variables read by the code vs. the README's table");
        for (Map.Entry<String, String> variable : read.entrySet()) {
            assertEquals(variable.getValue(), documented.get(variable.getKey()),
                    "the default of " + variable.getKey());
        }
    }

    private static Map<String, String> table() throws IOException {
        Map<String, String> table = new TreeMap<>();
        boolean inSection = false;
        for (String line : Files.readAllLines(README)) {
            if (line.startsWith("## ")) {
                inSection = line.equals("## Configuration");
            }
            Matcher row = ROW.matcher(line);
            if (inSection && row.find()) {
                String cell = row.group(2).strip();
                String value = cell.startsWith("`") && cell.endsWith("`") ? cell.substring(1, cell.length() - 1)
                        : cell;
                Matcher name = NAME.matcher(row.group(1));
                var names = new ArrayList<String>();
                while (name.find()) {
                    names.add(name.group(1));
                }
                names.forEach(n -> table.put(n, value));
            }
        }
        assertTrue(table.size() > 20, "found " + table.size() + " rows in the README's configuration table");
        return table;
    }
}
