package dev.mlpipeline.core.service;

import static dev.mlpipeline.core.testing.Builders.aPendingJob;
import static dev.mlpipeline.core.testing.Builders.aVideo;
import static dev.mlpipeline.core.testing.Builders.someStats;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.verify;

import dev.mlpipeline.core.domain.Job;
import dev.mlpipeline.core.domain.JobLifecycle;
import dev.mlpipeline.core.domain.JobResult;
import dev.mlpipeline.core.domain.JobStatus;
import dev.mlpipeline.core.domain.JobTransition;
import dev.mlpipeline.core.domain.LeaseToken;
import dev.mlpipeline.core.domain.QueueRules;
import dev.mlpipeline.core.domain.Video;
import dev.mlpipeline.core.port.Clock;
import dev.mlpipeline.core.port.StoreUnavailableException;
import dev.mlpipeline.core.testing.Await;
import dev.mlpipeline.core.testing.InMemoryJobRepository;
import dev.mlpipeline.core.testing.InMemoryVideoCatalog;
import dev.mlpipeline.core.testing.Processors;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkerTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final Duration HOUR = Duration.ofHours(1);
    private static final JobResult RESULT = new JobResult("/uploads/annotated/x.mp4", someStats(), null);

    private final InMemoryJobRepository jobs = spy(new InMemoryJobRepository());
    private final InMemoryVideoCatalog videos = new InMemoryVideoCatalog();
    private final Clock clock = Clock.system();
    private Worker worker;
    @TempDir
    Path uploads;

    @AfterEach
    void stopWorker() throws InterruptedException {
        if (worker != null) {
            worker.close();
        }
    }

    private Worker worker(JobHandler handler, Duration lease, int maxAttempts) {
        worker = new Worker(jobs, handler, clock,
                new WorkerSettings("w-test", HOUR, new QueueRules(lease, maxAttempts, Duration.ofMinutes(10))));
        return worker;
    }

    /** The standard processor, over an upload folder without files: a job with a video fails on its file. */
    private JobProcessor processor() {
        return Processors.withoutFiles(videos, jobs, clock, uploads);
    }

    private Worker worker(JobHandler handler) {
        return worker(handler, Duration.ofMinutes(1), 3);
    }

    private Job stored(Job job) {
        return jobs.findById(job.id()).orElseThrow();
    }

    private Job insertPending() {
        Video video = videos.add(aVideo().build());
        Job job = aPendingJob().forVideo(video.id()).createdAt(clock.now()).build();
        jobs.insert(job);
        return job;
    }

    /** Records every transition the worker applies, in order, by action. */
    private List<String> recordTransitions() {
        List<String> actions = Collections.synchronizedList(new ArrayList<>());
        doAnswer(call -> {
            actions.add(((JobTransition) call.getArgument(0)).action());
            return call.callRealMethod();
        }).when(jobs).apply(any());
        return actions;
    }

    @Test
    void givenAQueuedJobWhoseFileIsMissing_thenItIsClaimedOnceAndFailsWithTheReason() {
        Job job = insertPending();
        worker(processor()).start();

        Await.until("job processed", WAIT, () -> stored(job).status() == JobStatus.FAILED);
        assertEquals("video file not found: clip.mp4", stored(job).error());
        assertEquals(1, stored(job).attempts());
    }

    @Test
    void givenJobCreatedThroughTheService_thenTheSleepingWorkerWakesAtOnce() {
        AtomicLong polls = new AtomicLong();
        doAnswer(call -> {
            polls.incrementAndGet();
            return call.callRealMethod();
        }).when(jobs).claimNext(any(), any(), any());
        Worker w = worker(processor());
        JobService service = new JobService(jobs, videos, clock, w::wake);
        w.start();
        Await.until("worker idle", WAIT, () -> polls.get() >= 1);
        Video video = videos.add(aVideo().build());

        Job job = service.create(video.id().hex()).job();

        Await.until("job picked up without waiting an hour", WAIT, () -> stored(job).status() == JobStatus.FAILED);
    }

    @Test
    void givenAModelThatCannotBeUsed_thenNoJobIsClaimedUntilItCanBe() {
        Job job = insertPending();
        AtomicReference<Optional<String>> notReady = new AtomicReference<>(Optional.of("no endpoint is in service"));
        Worker w = worker(new JobHandler() {
            @Override
            public Outcome process(Job claimed, JobContext context) {
                return Outcome.CANCELLED;
            }

            @Override
            public Optional<String> notReady() {
                return notReady.get();
            }
        });

        assertFalse(w.runNext());
        assertEquals(JobStatus.PENDING, stored(job).status());
        assertEquals(0, stored(job).attempts());
        verify(jobs, never()).claimNext(any(), any(), any());

        notReady.set(Optional.empty());
        assertTrue(w.runNext());
        assertEquals(1, stored(job).attempts());
    }

    @Test
    void theHandlersAroundWrapsTheWholeAttemptOnTheWorkersThreadOnce() {
        Job job = insertPending();
        ThreadLocal<String> scope = new ThreadLocal<>();
        List<String> seen = new CopyOnWriteArrayList<>();
        worker(new JobHandler() {
            @Override
            public Outcome process(Job claimed, JobContext context) {
                seen.add("process in " + scope.get());
                return new Outcome.Completed(RESULT);
            }

            @Override
            public void recorded(Job claimed, LeaseToken token, Outcome outcome) {
                seen.add("recorded in " + scope.get());
            }

            @Override
            public void around(Job claimed, Runnable attempt) {
                seen.add("around " + claimed.id());
                scope.set("job " + claimed.id());
                try {
                    attempt.run();
                } finally {
                    scope.remove();
                }
            }
        }).start();

        Await.until("job completed", WAIT, () -> stored(job).status() == JobStatus.COMPLETED);
        Await.until("outcome recorded", WAIT, () -> seen.size() == 3);
        assertEquals(List.of("around " + job.id(), "process in job " + job.id(), "recorded in job " + job.id()), seen);
    }

    @Test
    void startAndStopReportWhetherTheyChangedAnything() throws InterruptedException {
        Worker w = worker((j, ctx) -> Outcome.CANCELLED);

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
    void theWorkerStartsTheJobBeforeItsHandlerRuns() {
        Job job = insertPending();
        List<JobStatus> seen = new ArrayList<>();
        worker((j, ctx) -> {
            seen.add(stored(j).status());
            return new Outcome.Completed(RESULT);
        }).runNext();

        assertEquals(List.of(JobStatus.PROCESSING), seen);
        assertEquals(JobStatus.COMPLETED, stored(job).status());
        assertEquals(RESULT, stored(job).result());
    }

    @Test
    void givenHandlerThrows_thenTheJobFailsWithTheReason() {
        Job job = insertPending();
        worker((j, ctx) -> {
            throw new IllegalStateException("decoder exploded");
        }).runNext();

        assertEquals(JobStatus.FAILED, stored(job).status());
        assertTrue(stored(job).error().contains("decoder exploded"));
    }

    @Test
    void givenHandlerEndsWithoutAnOutcome_thenTheJobFailsInsteadOfHanging() {
        Job job = insertPending();
        worker((j, ctx) -> null).runNext();

        assertEquals(JobStatus.FAILED, stored(job).status());
        assertEquals("processing ended without a result", stored(job).error());
    }

    @Test
    void givenTheDatabaseFailsTheHandler_thenTheJobIsGivenBackNotFailed() {
        Job job = insertPending();
        worker((j, ctx) -> {
            throw new StoreUnavailableException("MongoDB is unavailable", null);
        }).runNext();

        assertEquals(JobStatus.PENDING, stored(job).status());
        assertEquals(0, stored(job).attempts());
    }

    @Test
    void givenLongJob_thenTheLeaseIsRenewedWhileItRuns() {
        Job job = insertPending();
        List<String> actions = recordTransitions();
        worker((j, ctx) -> {
            sleep(700);
            return new Outcome.Failed("finished");
        }, Duration.ofMillis(300), 3).runNext();

        assertTrue(actions.stream().filter("renew a lease"::equals).count() >= 3, actions.toString());
        assertEquals("finished", stored(job).error());
    }

    @Test
    void givenTheJobEnds_thenNoRenewalFollowsItsFinalWrite() {
        List<String> actions = recordTransitions();
        Worker w = worker((j, ctx) -> {
            sleep(7 + j.createdAt().getNano() / 1000 % 5);
            return new Outcome.Completed(RESULT);
        }, Duration.ofMillis(6), 3);
        for (int i = 0; i < 30; i++) {
            insertPending();
            assertTrue(w.runNext());
            sleep(5);
            assertEquals("complete a job", actions.get(actions.size() - 1), "a renewal after the end: " + actions);
        }
    }

    @Test
    void givenTheVideoUpdateAfterTheJobEndsIsSlow_thenNoRenewalFollowsTheFinalWriteAndNothingIsCancelled() {
        insertPending();
        List<String> actions = recordTransitions();
        JobContext[] seen = new JobContext[1];
        worker(new JobHandler() {
            @Override
            public Outcome process(Job job, JobContext context) {
                seen[0] = context;
                return new Outcome.Completed(RESULT);
            }

            @Override
            public void recorded(Job job, LeaseToken token, Outcome outcome) {
                sleep(100); // a slow write to the video, ten renewal periods long
            }
        }, Duration.ofMillis(30), 3).runNext();

        assertEquals(List.of("start a job", "complete a job"), actions.stream()
                .filter(action -> !action.equals("renew a lease")).toList());
        assertEquals("complete a job", actions.get(actions.size() - 1), "a renewal after the end: " + actions);
        assertNull(seen[0].cancellation(), "no lease was lost");
    }

    @Test
    void givenARenewalFallsBehindAfterAPause_thenOneRenewalFollowsNotABurst() {
        insertPending();
        long period = 150;
        List<Long> renewalStarts = Collections.synchronizedList(new ArrayList<>());
        AtomicLong unblockedAt = new AtomicLong();
        AtomicBoolean paused = new AtomicBoolean();
        doAnswer(call -> {
            JobTransition transition = call.getArgument(0);
            if (transition.action().equals("renew a lease")) {
                renewalStarts.add(System.nanoTime());
                if (paused.compareAndSet(false, true)) {
                    sleep(period * 5); // a pause: the renewals of five periods are missed
                    unblockedAt.set(System.nanoTime());
                }
            }
            return call.callRealMethod();
        }).when(jobs).apply(any());

        worker((j, ctx) -> {
            sleep(period * 9);
            return Outcome.CANCELLED;
        }, Duration.ofMillis(period * 3), 3).runNext();

        long after = unblockedAt.get();
        List<Long> following = renewalStarts.stream().filter(t -> t >= after).toList();
        assertTrue(following.size() >= 1, "renewing went on after the pause");
        assertTrue(following.get(0) - after >= TimeUnit.MILLISECONDS.toNanos(period / 2),
                "a renewal followed at once, catching up on missed ones");
    }

    @Test
    void givenLeaseLost_thenTheHandlerIsCancelledAndNothingMoreIsWritten() {
        Job job = insertPending();
        List<String> actions = recordTransitions();
        doAnswer(call -> {
            JobTransition transition = call.getArgument(0);
            return transition.action().equals("renew a lease") ? false : call.callRealMethod();
        }).when(jobs).apply(argThat(t -> t != null && t.action().equals("renew a lease")));
        CountDownLatch cancelled = new CountDownLatch(1);

        worker((j, ctx) -> {
            while (!ctx.isCancelled()) {
                sleep(5);
            }
            assertEquals(JobContext.Cancellation.LEASE_LOST, ctx.cancellation());
            cancelled.countDown();
            return Outcome.CANCELLED;
        }, Duration.ofMillis(150), 3).runNext();

        assertEquals(0, cancelled.getCount());
        assertEquals(List.of("start a job"), actions.stream().filter(a -> !a.equals("renew a lease")).toList());
        assertEquals(JobStatus.PROCESSING, stored(job).status());
    }

    @Test
    void givenTheJobIsCancelledWhileItRuns_thenTheHandlerIsStoppedWithinASecondAndToldSo() throws Exception {
        Job job = insertPending();
        List<String> actions = recordTransitions();
        CountDownLatch started = new CountDownLatch(1);
        TellingHandler handler = new TellingHandler(() -> { }) {
            @Override
            public Outcome process(Job claimed, JobContext context) {
                started.countDown();
                while (!context.isCancelled()) {
                    sleep(5);
                }
                told.add("stopped: " + context.cancellation());
                return Outcome.CANCELLED;
            }
        };
        // a lease of an hour: no renewal comes before the end, only the watch can see the cancel
        worker(handler, HOUR, 3).start();
        assertTrue(started.await(5, TimeUnit.SECONDS));
        long cancelled = System.nanoTime();

        assertTrue(jobs.override(JobLifecycle.cancel(job.id(), clock.now())).orElseThrow().applied());

        Await.until("the handler told", WAIT, () -> handler.told.size() == 2);
        long took = System.nanoTime() - cancelled;
        assertEquals(List.of("stopped: CANCELLED", "cancelled attempt 1"), handler.told);
        assertTrue(took < TimeUnit.SECONDS.toNanos(1) + WorkerSettings.WATCH_EVERY.toNanos(),
                "stopped " + took / 1_000_000 + " ms after the cancel");
        assertEquals(List.of("start a job"), actions, "nothing written after the cancel");
        assertEquals(JobStatus.CANCELLED, stored(job).status());
    }

    @Test
    void givenTheJobIsCancelledJustBeforeItsOutcomeIsRecorded_thenTheOutcomeIsDiscardedAsCancelled() {
        Job job = insertPending();
        TellingHandler handler = new TellingHandler(() -> jobs.override(JobLifecycle.cancel(job.id(), clock.now())));

        worker(handler).runNext();

        assertEquals(List.of("cancelled attempt 1"), handler.told, "not a lease takeover");
        assertEquals(JobStatus.CANCELLED, stored(job).status());
        assertNull(stored(job).result());
    }

    @Test
    void givenTheWorkerStopsAsTheJobIsCancelled_thenTheJobStaysCancelledAndTheHandlerIsToldSo() {
        Job job = insertPending();
        TellingHandler handler = new TellingHandler(() -> { }) {
            @Override
            public Outcome process(Job claimed, JobContext context) {
                jobs.override(JobLifecycle.cancel(job.id(), clock.now()));
                context.cancel(JobContext.Cancellation.WORKER_STOPPING);
                return Outcome.CANCELLED;
            }
        };

        worker(handler).runNext();

        assertEquals(List.of("cancelled attempt 1"), handler.told);
        assertEquals(JobStatus.CANCELLED, stored(job).status(), "not given back to the queue");
    }

    @Test
    void givenAnotherAttemptTookTheJob_thenTheOutcomeIsRejectedAndTheHandlerToldSo() {
        Job job = insertPending();
        Duration lease = Duration.ofMinutes(1);
        TellingHandler handler = new TellingHandler(() -> jobs.claimNext("w-other", clock.now().plus(lease),
                new QueueRules(lease, 3, Duration.ofMinutes(10))));
        worker(handler, lease, 3).runNext();

        assertEquals(List.of("rejected attempt 1"), handler.told);
        assertEquals(JobStatus.CLAIMED, stored(job).status());
        assertEquals("w-other", stored(job).lease().workerId());
        assertNull(stored(job).result());
    }

    @Test
    void givenTheAnswerToTheFinalWriteIsLost_thenTheOutcomeStillCountsAsRecorded() {
        Job job = insertPending();
        AtomicBoolean lost = new AtomicBoolean();
        doAnswer(call -> {
            Object applied = call.callRealMethod();
            if (lost.compareAndSet(false, true)) {
                throw new StoreUnavailableException("connection reset after the write", null);
            }
            return applied;
        }).when(jobs).apply(argThat(t -> t != null && t.action().equals("complete a job")));
        TellingHandler handler = new TellingHandler(() -> { });

        worker(handler).runNext();

        assertEquals(List.of("recorded attempt 1"), handler.told);
        assertEquals(JobStatus.COMPLETED, stored(job).status());
    }

    @Test
    void givenTheHandlerFailsAfterTheJobWasRecorded_thenTheJobStaysDoneAndTheWorkerGoesOn() {
        Job first = insertPending();
        Job second = insertPending();
        Worker w = worker(new JobHandler() {
            @Override
            public Outcome process(Job job, JobContext context) {
                return new Outcome.Completed(RESULT);
            }

            @Override
            public void recorded(Job job, LeaseToken token, Outcome outcome) {
                throw new StoreUnavailableException("the video could not be updated", null);
            }
        });

        assertTrue(w.runNext());
        assertTrue(w.runNext());

        assertEquals(JobStatus.COMPLETED, stored(first).status());
        assertEquals(JobStatus.COMPLETED, stored(second).status());
    }

    @Test
    void givenADeferredOutcome_thenTheJobWaitsInTheQueueWithoutUsingAnAttempt() {
        Job job = insertPending();
        Instant before = clock.now();
        worker((j, ctx) -> new Outcome.Deferred("Waiting for the upload to finish", Duration.ofMinutes(2))).runNext();

        Job waiting = stored(job);
        assertEquals(JobStatus.PENDING, waiting.status());
        assertEquals(0, waiting.attempts());
        assertEquals("Waiting for the upload to finish", waiting.statusMessage());
        assertTrue(!waiting.notBefore().isBefore(before.plus(Duration.ofMinutes(2))), waiting.notBefore().toString());
        assertFalse(worker.runNext(), "not claimed again before its time");
    }

    @Test
    void givenStopDuringAJob_thenTheJobIsCancelledAndGivenBackToTheQueue() throws InterruptedException {
        Job job = insertPending();
        CountDownLatch started = new CountDownLatch(1);
        worker((j, ctx) -> {
            started.countDown();
            while (!ctx.isCancelled()) {
                sleep(5);
            }
            return Outcome.CANCELLED;
        }).start();
        assertTrue(started.await(5, TimeUnit.SECONDS));

        worker.stop();

        assertTrue(worker.awaitStopped(WAIT));
        Job released = stored(job);
        assertEquals(JobStatus.PENDING, released.status());
        assertEquals(0, released.attempts());
    }

    @Test
    void givenAJobWhoseWorkerDiedOnItsLastAttempt_thenTheWorkerFailsItAndMarksItsVideo() {
        Job job = insertPending();
        Job dead = jobs.claimNext("dead-worker", clock.now().minusSeconds(10),
                new QueueRules(Duration.ofSeconds(1), 1, Duration.ofMinutes(10))).orElseThrow();
        videos.markProcessing(job.videoId(), null, dead.token(), "Starting", clock.now());
        worker(processor(), Duration.ofMinutes(1), 1).start();

        Await.until("abandoned job failed", WAIT, () -> stored(job).status() == JobStatus.FAILED);
        assertEquals(JobLifecycle.abandonedError(1), stored(job).error());
        Await.until("video marked", WAIT, () -> "error".equals(videos.find(job.videoId()).orElseThrow().status()));
        assertEquals(JobLifecycle.abandonedError(1), videos.find(job.videoId()).orElseThrow().errorMessage());
    }

    @Test
    void givenADeadWorkersExpiredLease_thenTheJobIsClaimedAgain() {
        Job job = insertPending();
        jobs.claimNext("dead-worker", clock.now().minusSeconds(10),
                new QueueRules(Duration.ofSeconds(1), 3, Duration.ofMinutes(10))).orElseThrow();
        worker(processor()).runNext();

        Job done = stored(job);
        assertEquals(JobStatus.FAILED, done.status());
        assertEquals(2, done.attempts());
        assertEquals("w-test", done.lease().workerId());
    }

    /** Completes after running {@code during}, and notes what the worker told it afterwards. */
    private static class TellingHandler implements JobHandler {
        final List<String> told = Collections.synchronizedList(new ArrayList<>());
        private final Runnable during;

        TellingHandler(Runnable during) {
            this.during = during;
        }

        @Override
        public Outcome process(Job job, JobContext context) {
            during.run();
            return new Outcome.Completed(RESULT);
        }

        @Override
        public void recorded(Job job, LeaseToken token, Outcome outcome) {
            told.add("recorded attempt " + token.attempt());
        }

        @Override
        public void rejected(Job job, LeaseToken token, Outcome outcome) {
            told.add("rejected attempt " + token.attempt());
        }

        @Override
        public void cancelled(Job job, LeaseToken token) {
            told.add("cancelled attempt " + token.attempt());
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
