package dev.mlpipeline.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/embedding.md cannot go stale: each of its Java blocks follows a line
 * {@code <!-- from <path> snippet <name> -->} and must equal, line for line, the part of that source
 * between {@code // snippet <name>} and {@code // end snippet <name>}, which this module compiles and runs.
 * Every snippet in the examples appears in the guide.
 */
class EmbeddingGuideTest {
    private static final Path ROOT = Path.of("..");
    private static final Path GUIDE = ROOT.resolve("docs/embedding.md");
    private static final Pattern FROM = Pattern.compile("<!-- from (\\S+) snippet (\\S+) -->");
    private static final Pattern START = Pattern.compile("^\\s*// snippet (\\S+)$");

    @Test
    void everyBlockOfTheGuideIsItsSnippetAndEverySnippetIsInTheGuide() throws IOException {
        List<String> guide = Files.readAllLines(GUIDE);
        List<String> quoted = new ArrayList<>();
        for (int i = 0; i < guide.size(); i++) {
            Matcher from = FROM.matcher(guide.get(i));
            if (!from.find()) {
                continue;
            }
            assertEquals("```java", guide.get(i + 1), "a Java block follows line " + (i + 1) + " of the guide");
            List<String> block = new ArrayList<>();
            int j = i + 2;
            for (; !guide.get(j).equals("```"); j++) {
                block.add(guide.get(j));
            }
            Path source = ROOT.resolve(from.group(1));
            assertEquals(snippet(Files.readAllLines(source), from.group(2)), block,
                    "the guide's block at line " + (i + 1) + " against " + from.group(1) + " snippet " + from.group(2));
            quoted.add(from.group(1) + "#" + from.group(2));
            i = j;
        }
        assertEquals(List.copyOf(allSnippets().keySet()), quoted.stream().sorted().toList(),
                "the snippets in the examples against those quoted in the guide");
        assertTrue(quoted.size() >= 4, quoted.toString());
    }

    /** The lines between the markers, without the indentation they share. */
    static List<String> snippet(List<String> lines, String name) {
        int start = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().equals("// snippet " + name)) {
                start = i + 1;
            } else if (lines.get(i).strip().equals("// end snippet " + name)) {
                List<String> part = lines.subList(start, i);
                int indent = part.stream().filter(l -> !l.isBlank())
                        .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
                return part.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).toList();
            }
        }
        throw new AssertionError("no snippet " + name + " with its end");
    }

    private static Map<String, List<String>> allSnippets() throws IOException {
        Map<String, List<String>> found = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(ROOT.resolve("pipeline-examples/src"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                List<String> lines = Files.readAllLines(file);
                for (String line : lines) {
                    Matcher start = START.matcher(line);
                    if (start.find()) {
                        String key = ROOT.relativize(file).toString().replace('\\', '/') + "#" + start.group(1);
                        found.put(key, snippet(lines, start.group(1)));
                    }
                }
            }
        }
        return new java.util.TreeMap<>(found);
    }
}
