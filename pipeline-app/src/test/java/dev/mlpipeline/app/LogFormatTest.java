package dev.mlpipeline.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlpipeline.core.domain.Job;
import dev.mlpipeline.core.service.Outcome;
import dev.mlpipeline.core.testing.Builders;
import java.io.ByteArrayOutputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** LOG_FORMAT through the real logging stack: System.Logger, SLF4J, Logback. */
class LogFormatTest {
    private static final System.Logger LOG = System.getLogger(LogFormatTest.class.getName());
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @AfterEach
    void backToText() {
        LogFormat.TEXT.install(System.err);
    }

    @Test
    void jsonIsOneObjectPerLineAndAJobsLinesCarryItsIds() throws Exception {
        LogFormat.JSON.install(out);
        Job job = Builders.aPendingJob().build();

        new JobLogContext((claimed, context) -> Outcome.CANCELLED).around(job,
                () -> LOG.log(Level.WARNING, "a \"quoted\" word\nand a second line"));
        LOG.log(Level.INFO, "not about a job");

        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(2, lines.size(), lines.toString());
        ObjectMapper json = new ObjectMapper();
        JsonNode inJob = json.readTree(lines.get(0));
        assertEquals(job.id().toString(), inJob.at("/mdc/job_id").asText(), lines.get(0));
        assertEquals(job.videoId().toString(), inJob.at("/mdc/video_id").asText(), lines.get(0));
        assertEquals("WARN", inJob.get("level").asText());
        assertEquals(LogFormatTest.class.getName(), inJob.get("loggerName").asText());
        assertEquals("a \"quoted\" word\nand a second line", inJob.get("formattedMessage").asText());
        JsonNode outside = json.readTree(lines.get(1));
        assertTrue(outside.at("/mdc/job_id").isMissingNode(), "the ids leave with the job: " + lines.get(1));
    }

    @Test
    void textLinesKeepTheirShape() {
        LogFormat.TEXT.install(out);

        LOG.log(Level.INFO, "hello");

        String line = out.toString(StandardCharsets.UTF_8).strip();
        assertTrue(line.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) \\[INFO\\]"
                + " LogFormatTest - hello"), line);
    }

    @Test
    void textIsTheDefaultAndAnyOtherWordStopsStartUp() {
        assertEquals(LogFormat.TEXT, LogFormat.from(new Environment(Map.of())));
        assertEquals(LogFormat.JSON, LogFormat.from(new Environment(Map.of("LOG_FORMAT", "JSON"))));
        ConfigException e = assertThrows(ConfigException.class,
                () -> LogFormat.from(new Environment(Map.of("LOG_FORMAT", "xml"))));
        assertTrue(e.getMessage().contains("LOG_FORMAT"), e.getMessage());
    }
}
