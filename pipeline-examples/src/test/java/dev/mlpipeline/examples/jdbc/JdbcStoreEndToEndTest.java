package dev.mlpipeline.examples.jdbc;

import static dev.mlpipeline.core.testing.Builders.aVideo;
import static dev.mlpipeline.core.testing.Frames.frames;
import static dev.mlpipeline.core.testing.Frames.info;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlpipeline.core.domain.Job;
import dev.mlpipeline.core.domain.JobId;
import dev.mlpipeline.core.domain.JobLifecycle;
import dev.mlpipeline.core.domain.JobStatus;
import dev.mlpipeline.core.domain.LeaseToken;
import dev.mlpipeline.core.domain.QueueRules;
import dev.mlpipeline.core.domain.Video;
import dev.mlpipeline.core.port.FrameSource;
import dev.mlpipeline.core.port.VideoFrame;
import dev.mlpipeline.core.port.VideoInfo;
import dev.mlpipeline.core.service.Worker;
import dev.mlpipeline.core.service.WorkerSettings;
import dev.mlpipeline.core.testing.Await;
import dev.mlpipeline.core.testing.FakeClock;
import dev.mlpipeline.core.testing.InMemoryVideoCatalog;
import dev.mlpipeline.core.testing.ListFrameSource;
import dev.mlpipeline.core.testing.Processors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real jobs through the real core services (the {@link Worker}, the job processor, its lease keeper and janitor)
 * with the JDBC store as the queue: what ends up in the SQL table, and how a worker presumed dead is fenced off.
 */
class JdbcStoreEndToEndTest {
    private static final QueueRules RULES = QueueRules.defaults();
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    private Path uploads;
    private JdbcDataSource dataSource;
    private JdbcJobRepository jobs;
    private final InMemoryVideoCatalog videos = new InMemoryVideoCatalog();
    private final FakeClock clock = new FakeClock();

    @BeforeEach
    void makeStore() throws IOException {
        uploads = Files.createDirectories(dir.resolve("uploads"));
        dataSource = H2Databases.fresh("end-to-end");
        jobs = new JdbcJobRepository(dataSource);
        jobs.createSchema();
    }

    @AfterEach
    void dropDatabase() throws SQLException {
        H2Databases.drop(dataSource);
    }

    @Test
    void aSubmittedJobIsProcessedAndEndsCompletedInTheTable() throws Exception {
        Job job = submitAJobForANewVideo();

        try (Worker worker = worker("w1", new ListFrameSource(info(9), frames(9)))) {
            worker.start();
            Await.until("the job completed", WAIT, () -> status(job) == JobStatus.COMPLETED);
        }

        Map<String, Object> row = row(job.id());
        assertEquals("completed", row.get("STATUS"));
        assertEquals(100, row.get("PROGRESS"));
        assertEquals(1, row.get("ATTEMPTS"));
        assertEquals("w1", row.get("WORKER_ID"));
        assertNull(row.get("ACTIVE_VIDEO_ID"), "the video is free");
        assertNull(row.get("ERROR"));
        assertTrue(String.valueOf(row.get("RESULT")).contains("\"annotated_video_url\":\"/uploads/annotated/"
                + job.id().hex() + "/1-w1/"), "the result is stored: " + row.get("RESULT"));
        Job done = jobs.findById(job.id()).orElseThrow();
        assertNotNull(done.completedAt());
        assertEquals(9, done.result().stats().totalFrames());
        assertEquals(done.result().annotatedVideoUrl(), videos.find(job.videoId()).orElseThrow().annotatedVideoUrl());

        assertEquals(Optional.empty(), jobs.claimNext("w2", clock.now(), RULES), "a second worker cannot claim it");
        assertEquals(Optional.empty(), jobs.claimNext("w2", clock.now().plus(RULES.lease().multipliedBy(5)), RULES),
                "nor once its lease would have run out");
        assertEquals(row, row(job.id()), "nothing changed");
    }

    @Test
    void givenTheWorkersLeaseRunsOut_thenAnotherWorkerTakesTheJobOverAndTheFirstIsFencedOff() throws Exception {
        Job job = submitAJobForANewVideo();
        CountDownLatch stalled = new CountDownLatch(1);
        CountDownLatch resume = new CountDownLatch(1);
        AtomicBoolean ended = new AtomicBoolean();
        Worker first = worker("w1", stallingAt(3, stalled, resume, ended));
        Worker second = worker("w2", new ListFrameSource(info(9), frames(9)));
        try {
            first.start();
            assertTrue(stalled.await(WAIT.toSeconds(), TimeUnit.SECONDS), "w1 is processing");
            LeaseToken firstAttempt = jobs.findById(job.id()).orElseThrow().token();
            assertEquals(new LeaseToken(job.id(), "w1", 1), firstAttempt);

            clock.advance(RULES.lease().plusSeconds(1)); // w1 stalls past its lease: presumed dead
            second.start();
            Await.until("w2 completed the job", WAIT, () -> status(job) == JobStatus.COMPLETED);
            second.close();
            Map<String, Object> completed = row(job.id());
            resume.countDown(); // w1 wakes up, unaware, and goes on to the end of its attempt
            Await.until("w1 ended its attempt", WAIT, ended::get);
            assertTrue(first.close(WAIT), "w1 stopped");

            assertEquals(completed, row(job.id()), "w1 wrote nothing once it lost the job");
            Job done = jobs.findById(job.id()).orElseThrow();
            assertEquals(JobStatus.COMPLETED, done.status());
            assertEquals(2, done.attempts());
            assertEquals("w2", done.lease().workerId());
            assertTrue(done.result().annotatedVideoUrl().contains("/2-w2/"), done.result().annotatedVideoUrl());
            assertFalse(jobs.apply(JobLifecycle.progress(firstAttempt, 50, "late", clock.now())));
            assertFalse(jobs.apply(JobLifecycle.complete(firstAttempt, done.result(), clock.now())));
            assertFalse(jobs.apply(JobLifecycle.fail(firstAttempt, "late", clock.now())));
            assertFalse(jobs.apply(JobLifecycle.release(firstAttempt, "late", null, clock.now())));
            assertEquals(completed, row(job.id()), "the late writes were refused");
        } finally {
            resume.countDown();
            first.close(Duration.ZERO);
            second.close(Duration.ZERO);
        }
    }

    private Job submitAJobForANewVideo() throws IOException {
        Files.write(uploads.resolve("clip.mp4"), new byte[] {1});
        Video video = videos.add(aVideo().withFile("clip.mp4").build());
        Job submitted = jobs.submit(Job.pending(JobId.next(clock.now()), video.id(), clock.now())).job();
        assertEquals("pending", row(submitted.id()).get("STATUS"));
        assertEquals(video.id().hex(), row(submitted.id()).get("ACTIVE_VIDEO_ID"), "a submitted job holds its video");
        return submitted;
    }

    private Worker worker(String id, FrameSource frames) {
        return new Worker(jobs, Processors.over(videos, jobs, clock, uploads, frames, RULES.lease()), clock,
                new WorkerSettings(id, Duration.ofMillis(20), RULES));
    }

    private JobStatus status(Job job) {
        return jobs.findById(job.id()).orElseThrow().status();
    }

    /** The job's row as the table holds it, column by column, read with plain JDBC. */
    private Map<String, Object> row(JobId id) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT * FROM processing_jobs WHERE id = ?")) {
            statement.setString(1, id.hex());
            try (ResultSet rows = statement.executeQuery()) {
                assertTrue(rows.next(), "job " + id + " has a row");
                Map<String, Object> row = new LinkedHashMap<>();
                for (int column = 1; column <= rows.getMetaData().getColumnCount(); column++) {
                    Object value = rows.getObject(column);
                    // a large object is a handle, not a value: read it
                    row.put(rows.getMetaData().getColumnName(column),
                            value instanceof Clob ? rows.getString(column) : value);
                }
                return row;
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Frames that stop coming at frame {@code at} until {@code resume}, as they would for a process the OS paused;
     * {@code ended} is set when the attempt is done with them.
     */
    private static FrameSource stallingAt(int at, CountDownLatch stalled, CountDownLatch resume,
            AtomicBoolean ended) {
        FrameSource frames = new ListFrameSource(info(9), frames(9));
        AtomicInteger read = new AtomicInteger();
        return file -> {
            FrameSource.Stream stream = frames.open(file);
            return new FrameSource.Stream() {
                @Override
                public VideoInfo info() {
                    return stream.info();
                }

                @Override
                public Optional<VideoFrame> next() throws IOException {
                    if (read.incrementAndGet() == at) {
                        stalled.countDown();
                        try {
                            resume.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    return stream.next();
                }

                @Override
                public void recycle(VideoFrame frame) {
                    stream.recycle(frame);
                }

                @Override
                public void close() {
                    stream.close();
                    ended.set(true);
                }
            };
        };
    }
}
