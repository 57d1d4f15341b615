package dev.mlpipeline.core.service;

import static dev.mlpipeline.core.testing.Builders.aPendingJob;
import static dev.mlpipeline.core.testing.Builders.aVideo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.atLeast;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.verify;

import dev.mlpipeline.core.domain.Job;
import dev.mlpipeline.core.domain.JobStatus;
import dev.mlpipeline.core.domain.Video;
import dev.mlpipeline.core.port.Clock;
import dev.mlpipeline.core.port.JobRepository;
import dev.mlpipeline.core.testing.Await;
import dev.mlpipeline.core.testing.InMemoryJobRepository;
import dev.mlpipeline.core.testing.InMemoryVideoCatalog;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WorkerTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final InMemoryJobRepository jobs = spy(new InMemoryJobRepository());
    private final InMemoryVideoCatalog videos = new InMemoryVideoCatalog();
    private final Clock clock = Clock.system();
    private Worker worker;

    @AfterEach
    void stopWorker() throws InterruptedException {
        if (worker != null) {
            worker.close();
        }
    }

    private Worker worker(JobHandler handler, Duration poll, Duration lease, int maxAttempts) {
        worker = new Worker(jobs, handler, clock, new WorkerSettings("w-test", poll, lease, maxAttempts));
        return worker;
    }

    private JobStatus statusOf(Job job) {
        return jobs.findById(job.id()).orElseThrow().status();
    }

    private Job insertPending() {
        Video video = videos.add(aVideo().build());
        Job job = aPendingJob().forVideo(video.id()).createdAt(clock.now()).build();
        jobs.insert(job);
        return job;
    }

    @Test
    void claimsAndProcessesAJobThatIsAlreadyQueued() {
        Job job = insertPending();
        worker(new JobProcessor(jobs, videos, clock), Duration.ofHours(1), Duration.ofMinutes(1), 3).start();

        Await.until("job processed", WAIT, () -> statusOf(job) == JobStatus.FAILED);
        assertEquals("no video pipeline configured", jobs.findById(job.id()).orElseThrow().error());
        assertEquals(1, jobs.findById(job.id()).orElseThrow().attempts());
    }

    @Test
    void givenJobCreatedThroughTheService_thenTheSleepingWorkerWakesAtOnce() {
        Worker w = worker(new JobProcessor(jobs, videos, clock), Duration.ofHours(1), Duration.ofMinutes(1), 3);
        JobService service = new JobService(jobs, videos, clock, w::wake);
        w.start();
        Await.until("worker idle", WAIT, () -> mockingDetailsClaims() >= 1);
        Video video = videos.add(aVideo().build());

        Job job = service.create(video.id().hex());

        Await.until("job picked up without waiting an hour", WAIT, () -> statusOf(job) == JobStatus.FAILED);
    }

    private long mockingDetailsClaims() {
        return org.mockito.Mockito.mockingDetails(jobs).getInvocations().stream()
                .filter(i -> i.getMethod().getName().equals("claimNext")).count();
    }

    @Test
    void startAndStopReportWhetherTheyChangedAnything() throws InterruptedException {
        Worker w = worker((j, ctx) -> { }, Duration.ofHours(1), Duration.ofMinutes(1), 3);

        assertTrue(w.start());
        assertFalse(w.start());
        assertTrue(w.isRunning());
        assertTrue(w.stop());
        assertFalse(w.stop());
        assertFalse(w.isRunning());
        assertTrue(w.awaitStopped(WAIT));
        assertTrue(w.start(), "a stopped worker starts again");
        assertTrue(w.isRunning());
    }

    @Test
    void givenHandlerThrows_thenTheJobFailsWithTheReason() {
        Job job = insertPending();
        worker((j, ctx) -> {
            throw new IllegalStateException("decoder exploded");
        }, Duration.ofHours(1), Duration.ofMinutes(1), 3).start();

        Await.until("job failed", WAIT, () -> statusOf(job) == JobStatus.FAILED);
        assertTrue(jobs.findById(job.id()).orElseThrow().error().contains("decoder exploded"));
    }

    @Test
    void givenHandlerEndsWithoutAnOutcome_thenTheJobFailsInsteadOfHanging() {
        Job job = insertPending();
        worker((j, ctx) -> { }, Duration.ofHours(1), Duration.ofMinutes(1), 3).start();

        Await.until("job failed", WAIT, () -> statusOf(job) == JobStatus.FAILED);
        assertEquals("processing ended without a result", jobs.findById(job.id()).orElseThrow().error());
    }

    @Test
    void givenLongJob_thenTheLeaseIsRenewedWhileItRuns() throws InterruptedException {
        Job job = insertPending();
        CountDownLatch done = new CountDownLatch(1);
        worker((j, ctx) -> {
            sleep(700);
            jobs.fail(j.id(), ctx.workerId(), "finished", clock.now());
            done.countDown();
        }, Duration.ofHours(1), Duration.ofMillis(300), 3).start();

        assertTrue(done.await(5, TimeUnit.SECONDS));
        verify(jobs, atLeast(3)).renewLease(eq(job.id()), eq("w-test"), any(), eq(Duration.ofMillis(300)));
        assertEquals("finished", jobs.findById(job.id()).orElseThrow().error());
    }

    @Test
    void givenLeaseLost_thenTheHandlerIsCancelledAndNothingMoreIsWritten() throws InterruptedException {
        Job job = insertPending();
        doReturn(false).when(jobs).renewLease(any(), anyString(), any(), any());
        CountDownLatch cancelled = new CountDownLatch(1);
        worker((j, ctx) -> {
            while (!ctx.isCancelled()) {
                sleep(5);
            }
            cancelled.countDown();
        }, Duration.ofHours(1), Duration.ofMillis(150), 3).start();

        assertTrue(cancelled.await(5, TimeUnit.SECONDS));
        worker.stop();
        assertTrue(worker.awaitStopped(WAIT));
        verify(jobs, never()).fail(eq(job.id()), anyString(), anyString(), any());
        verify(jobs, never()).release(eq(job.id()), anyString(), any());
    }

    @Test
    void givenStopDuringAJob_thenTheJobIsCancelledAndGivenBackToTheQueue() throws InterruptedException {
        Job job = insertPending();
        CountDownLatch started = new CountDownLatch(1);
        worker((j, ctx) -> {
            jobs.start(j.id(), ctx.workerId(), "Starting", clock.now());
            started.countDown();
            while (!ctx.isCancelled()) {
                sleep(5);
            }
        }, Duration.ofHours(1), Duration.ofMinutes(1), 3).start();
        assertTrue(started.await(5, TimeUnit.SECONDS));

        worker.stop();

        assertTrue(worker.awaitStopped(WAIT));
        Job released = jobs.findById(job.id()).orElseThrow();
        assertEquals(JobStatus.PENDING, released.status());
        assertEquals(0, released.attempts());
    }

    @Test
    void givenAJobWhoseWorkerDiedOnItsLastAttempt_thenTheWorkerFailsIt() {
        Job job = insertPending();
        Instant past = clock.now().minusSeconds(10);
        jobs.claimNext("dead-worker", past, Duration.ofSeconds(1), 1).orElseThrow();
        worker((j, ctx) -> { }, Duration.ofHours(1), Duration.ofMinutes(1), 1).start();

        Await.until("abandoned job failed", WAIT, () -> statusOf(job) == JobStatus.FAILED);
        assertEquals(JobRepository.abandonedError(1), jobs.findById(job.id()).orElseThrow().error());
    }

    @Test
    void givenAnAbandonedJob_thenItsVideoIsMarkedAsWell() {
        Job job = insertPending();
        jobs.claimNext("dead-worker", clock.now().minusSeconds(10), Duration.ofSeconds(1), 1).orElseThrow();
        worker(new JobProcessor(jobs, videos, clock), Duration.ofHours(1), Duration.ofMinutes(1), 1).start();

        Await.until("video marked", WAIT, () -> "error".equals(videos.find(job.videoId()).orElseThrow().status()));
        assertEquals(JobRepository.abandonedError(1), videos.find(job.videoId()).orElseThrow().errorMessage());
    }

    @Test
    void givenADeadWorkersExpiredLease_thenTheJobIsClaimedAgain() {
        Job job = insertPending();
        jobs.claimNext("dead-worker", clock.now().minusSeconds(10), Duration.ofSeconds(1), 3).orElseThrow();
        worker(new JobProcessor(jobs, videos, clock), Duration.ofHours(1), Duration.ofMinutes(1), 3).start();

        Await.until("job taken over", WAIT, () -> statusOf(job) == JobStatus.FAILED);
        Job done = jobs.findById(job.id()).orElseThrow();
        assertEquals(2, done.attempts());
        assertEquals("w-test", done.lease().workerId());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
