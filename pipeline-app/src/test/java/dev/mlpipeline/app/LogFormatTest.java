package dev.mlpipeline.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlpipeline.core.domain.Job;
import dev.mlpipeline.core.domain.JobLifecycle;
import dev.mlpipeline.core.domain.QueueRules;
import dev.mlpipeline.core.port.Clock;
import dev.mlpipeline.core.service.Worker;
import dev.mlpipeline.core.service.WorkerSettings;
import dev.mlpipeline.core.testing.Await;
import dev.mlpipeline.core.testing.InMemoryJobRepository;
import dev.mlpipeline.core.service.Outcome;
import dev.mlpipeline.core.testing.Builders;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
    void textIsLogbackXmlsLinesOnStandardErrorAgainAfterJson() {
        LogFormat.JSON.install(out);
        LogFormat.TEXT.install(out);
        PrintStream before = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            LOG.log(Level.INFO, "back to text");
        } finally {
            System.setErr(before);
        }

        assertEquals("", out.toString(StandardCharsets.UTF_8), "nothing more in JSON");
        String line = err.toString(StandardCharsets.UTF_8).strip();
        assertTrue(line.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) \\[INFO\\] "
                + "LogFormatTest - back to text"), line);
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
    void theLeaseRenewersLinesAboutAJobCarryItsIdsToo() throws Exception {
        LogFormat.JSON.install(out);
        InMemoryJobRepository jobs = new InMemoryJobRepository();
        Job job = Builders.aPendingJob().build();
        jobs.insert(job);
        CountDownLatch started = new CountDownLatch(1);
        JobLogContext handler = new JobLogContext((claimed, context) -> {
            started.countDown();
            while (!context.isCancelled()) {
                Thread.onSpinWait();
            }
            return Outcome.CANCELLED;
        });
        // a lease of an hour: the line comes from the renewer's watch, which finds the job cancelled
        try (Worker worker = new Worker(jobs, handler, Clock.system(), new WorkerSettings("w-log", Duration.ofHours(1),
                new QueueRules(Duration.ofHours(1), 3, Duration.ofMinutes(10))), JobLogContext.TASKS)) {
            worker.start();
            assertTrue(started.await(10, TimeUnit.SECONDS));
            jobs.override(JobLifecycle.cancel(job.id(), Instant.now()));
            Await.until("the renewer's line", Duration.ofSeconds(10),
                    () -> out.toString(StandardCharsets.UTF_8).contains("was cancelled; stopping work on it"));
        }

        JsonNode line = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8).lines()
                .filter(l -> l.contains("was cancelled; stopping work on it")).findFirst().orElseThrow());
        assertTrue(line.get("threadName").asText().startsWith("lease-renewer-"), line.toString());
        assertEquals(job.id().toString(), line.at("/mdc/job_id").asText(), line.toString());
        assertEquals(job.videoId().toString(), line.at("/mdc/video_id").asText(), line.toString());
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
