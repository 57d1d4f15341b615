package dev.mlpipeline.core.testing;

import static dev.mlpipeline.core.testing.Builders.T0;
import static dev.mlpipeline.core.testing.Builders.aPendingJob;
import static dev.mlpipeline.core.testing.Builders.aVideoId;
import static dev.mlpipeline.core.testing.Builders.someStats;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlpipeline.core.domain.Callback;
import dev.mlpipeline.core.domain.CallbackDelivery;
import dev.mlpipeline.core.domain.Job;
import dev.mlpipeline.core.domain.JobId;
import dev.mlpipeline.core.domain.JobLifecycle;
import dev.mlpipeline.core.domain.JobResult;
import dev.mlpipeline.core.domain.JobStatus;
import dev.mlpipeline.core.domain.JobTransition;
import dev.mlpipeline.core.domain.Lease;
import dev.mlpipeline.core.domain.LeaseToken;
import dev.mlpipeline.core.domain.QueueRules;
import dev.mlpipeline.core.domain.VideoId;
import dev.mlpipeline.core.port.JobRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link JobRepository} promises, fencing included. Extend it and return a fresh, empty
 * repository; {@link #insertAsAnotherProgram} may be overridden to store a job the way the main backend
 * or the origin service writes one.
 */
public abstract class JobRepositoryContract {
    protected static final Duration LEASE = Duration.ofSeconds(60);
    protected static final int MAX_ATTEMPTS = 3;
    protected static final Duration STALE_AFTER = Duration.ofMinutes(10);
    protected static final QueueRules RULES = new QueueRules(LEASE, MAX_ATTEMPTS, STALE_AFTER);
    private static final JobResult RESULT = new JobResult("/uploads/annotated/x/1-w1/annotated_clip.mp4", someStats(),
            null, List.of("decoded 2.0 s of 3.0 s"));

    protected JobRepository repository;

    /** A new repository with no jobs in it. */
    protected abstract JobRepository createRepository();

    /** Stores a job as another program would, bypassing {@link JobRepository#submit}. */
    protected void insertAsAnotherProgram(Job job) {
        repository.insert(job);
    }

    @BeforeEach
    void setUpRepository() {
        repository = createRepository();
    }

    protected Job insertPending(Instant createdAt) {
        Job job = aPendingJob().createdAt(createdAt).build();
        repository.insert(job);
        return job;
    }

    protected Job claim(String worker, Instant now) {
        return repository.claimNext(worker, now, RULES).orElseThrow();
    }

    private Job stored(Job job) {
        return repository.findById(job.id()).orElseThrow();
    }

    private boolean start(Job claimed, Instant now) {
        return repository.apply(JobLifecycle.start(claimed.token(), "Starting", now));
    }

    @Test
    void insertedJobIsFoundWithEveryField() {
        Job job = insertPending(T0);

        assertEquals(Optional.of(job), repository.findById(job.id()));
    }

    @Test
    void unknownJobIsNotFound() {
        assertEquals(Optional.empty(), repository.findById(JobId.next(T0)));
    }

    @Test
    void listsNewestFirstUpToTheLimit() {
        Job oldest = insertPending(T0);
        Job middle = insertPending(T0.plusSeconds(1));
        Job newest = insertPending(T0.plusSeconds(2));

        assertEquals(List.of(newest.id(), middle.id(), oldest.id()), ids(repository.list(Optional.empty(), 10)));
        assertEquals(List.of(newest.id(), middle.id()), ids(repository.list(Optional.empty(), 2)));
    }

    @Test
    void listsOnlyTheRequestedStatus() {
        Job claimed = insertPending(T0);
        Job pending = insertPending(T0.plusSeconds(1));
        claim("w1", T0.plusSeconds(2));

        assertEquals(List.of(pending.id()), ids(repository.list(Optional.of(JobStatus.PENDING), 10)));
        assertEquals(List.of(claimed.id()), ids(repository.list(Optional.of(JobStatus.CLAIMED), 10)));
        assertEquals(List.of(), repository.list(Optional.of(JobStatus.FAILED), 10));
    }

    @Test
    void countsJobsByStatusOtherProgramsWordsIncluded() {
        assertEquals(Map.of(), repository.countByStatus());
        insertPending(T0);
        insertPending(T0.plusSeconds(1));
        insertPending(T0.plusSeconds(2));
        repository.insert(aPendingJob().status(JobStatus.of("queued")).createdAt(T0.plusSeconds(3)).build());
        claim("w1", T0.plusSeconds(4));

        assertEquals(Map.of(JobStatus.PENDING, 2L, JobStatus.CLAIMED, 1L, JobStatus.of("queued"), 1L),
                repository.countByStatus());
    }

    @Test
    void claimsOldestPendingJobFirst() {
        Job newer = insertPending(T0.plusSeconds(5));
        Job older = insertPending(T0);

        assertEquals(older.id(), claim("w1", T0.plusSeconds(10)).id());
        assertEquals(newer.id(), claim("w1", T0.plusSeconds(10)).id());
    }

    @Test
    void claimRecordsTheLeaseCountsTheAttemptAndHoldsTheVideo() {
        Job job = insertPending(T0);
        Instant now = T0.plusSeconds(3);

        Job claimed = claim("worker-a", now);

        assertEquals(job.id(), claimed.id());
        assertEquals(JobStatus.CLAIMED, claimed.status());
        assertEquals(1, claimed.attempts());
        assertEquals(new Lease("worker-a", now, now.plus(LEASE)), claimed.lease());
        assertEquals(new LeaseToken(job.id(), "worker-a", 1), claimed.token());
        assertTrue(claimed.holdsVideo());
        assertEquals(Optional.of(claimed), repository.findById(job.id()));
    }

    @Test
    void givenNothingPending_thenClaimIsEmpty() {
        assertEquals(Optional.empty(), repository.claimNext("w1", T0, RULES));
    }

    @Test
    void givenValidLease_thenJobIsNotClaimedAgain() {
        insertPending(T0);
        claim("w1", T0);

        assertEquals(Optional.empty(), repository.claimNext("w2", T0.plus(LEASE).minusMillis(1), RULES));
    }

    @Test
    void givenExpiredLease_thenJobIsClaimedAgainAndTheOldAttemptIsFencedOff() {
        insertPending(T0);
        Job first = claim("w1", T0);
        assertTrue(start(first, T0));
        Instant later = T0.plus(LEASE);

        Job second = claim("w2", later);

        assertEquals(first.id(), second.id());
        assertEquals(2, second.attempts());
        assertEquals("w2", second.lease().workerId());
        assertFalse(repository.apply(JobLifecycle.progress(first.token(), 50, "late", later)));
        assertFalse(repository.apply(JobLifecycle.complete(first.token(), RESULT, later)));
        assertFalse(repository.apply(JobLifecycle.fail(first.token(), "late", later)));
        assertFalse(repository.apply(JobLifecycle.release(first.token(), "late", null, later)));
        assertFalse(repository.apply(JobLifecycle.renew(first.token(), later, LEASE)));
        assertEquals(JobStatus.CLAIMED, stored(first).status());
        assertTrue(start(second, later));
        assertTrue(repository.apply(JobLifecycle.progress(second.token(), 10, "Processing frame 3/30", later)));
    }

    @Test
    void givenTheSameWorkerClaimsAgainAfterItsLeaseExpired_thenItsEarlierAttemptIsStillFencedOff() {
        insertPending(T0);
        Job first = claim("w1", T0);
        assertTrue(start(first, T0));

        Job second = claim("w1", T0.plus(LEASE));

        assertEquals(new LeaseToken(first.id(), "w1", 2), second.token());
        assertFalse(repository.apply(JobLifecycle.renew(first.token(), T0.plus(LEASE), LEASE)));
        assertFalse(repository.apply(JobLifecycle.complete(first.token(), RESULT, T0.plus(LEASE))));
        assertTrue(repository.apply(JobLifecycle.renew(second.token(), T0.plus(LEASE), LEASE)));
    }

    @Test
    void givenExpiredLeaseOfAProcessingJob_thenItIsClaimedAgain() {
        Job job = insertPending(T0);
        assertTrue(start(claim("w1", T0), T0));

        assertEquals(job.id(), claim("w2", T0.plus(LEASE).plusSeconds(1)).id());
    }

    @Test
    void renewedLeaseIsNotClaimedByOthers() {
        Job job = insertPending(T0);
        Job claimed = claim("w1", T0);
        Instant renewedAt = T0.plusSeconds(50);

        assertTrue(repository.apply(JobLifecycle.renew(claimed.token(), renewedAt, LEASE)));

        assertEquals(Optional.empty(), repository.claimNext("w2", T0.plus(LEASE).plusSeconds(1), RULES));
        assertEquals(renewedAt.plus(LEASE), stored(job).lease().expiresAt());
        assertEquals(renewedAt, stored(job).updatedAt());
        assertFalse(repository.apply(JobLifecycle.renew(new LeaseToken(job.id(), "w2", 1), renewedAt, LEASE)));
    }

    @Test
    void givenExpiredLeaseOnTheLastAttempt_thenJobIsFailedAsAbandoned() {
        Job job = insertPending(T0);
        Instant now = T0;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            assertEquals(attempt, claim("w" + attempt, now).attempts());
            now = now.plus(LEASE);
        }

        assertEquals(Optional.empty(), repository.claimNext("w9", now, RULES));
        assertEquals(List.of(job.id()), ids(repository.failAbandoned(now, RULES)));

        Job failed = stored(job);
        assertEquals(JobStatus.FAILED, failed.status());
        assertEquals(JobLifecycle.abandonedError(MAX_ATTEMPTS), failed.error());
        assertFalse(failed.holdsVideo());
        assertEquals(List.of(), repository.failAbandoned(now, RULES));
    }

    @Test
    void failAbandonedLeavesLiveAndRetryableJobsAlone() {
        Job retryable = insertPending(T0);
        claim("w1", T0);
        Job live = insertPending(T0.plusSeconds(1));
        claim("w2", T0.plusSeconds(30));

        assertEquals(List.of(), repository.failAbandoned(T0.plus(LEASE), RULES));
        assertEquals(JobStatus.CLAIMED, stored(retryable).status());
        assertEquals(JobStatus.CLAIMED, stored(live).status());
    }

    @Test
    void startMarksTheClaimedJobProcessingOnce() {
        Job job = insertPending(T0);
        Job claimed = claim("w1", T0);
        Instant startedAt = T0.plusSeconds(1);

        assertFalse(repository.apply(JobLifecycle.start(new LeaseToken(job.id(), "w2", 1), "Starting", startedAt)));
        assertTrue(start(claimed, startedAt));

        Job started = stored(job);
        assertEquals(JobStatus.PROCESSING, started.status());
        assertEquals(startedAt, started.startedAt());
        assertEquals("Starting", started.statusMessage());
        assertFalse(start(claimed, startedAt.plusSeconds(1)), "a processing job is not started again");
    }

    @Test
    void progressIsRecordedForTheHolderOfAStartedJobOnly() {
        Job job = insertPending(T0);
        Job claimed = claim("w1", T0);
        assertFalse(repository.apply(JobLifecycle.progress(claimed.token(), 5, "too early", T0)));
        start(claimed, T0);
        Instant now = T0.plusSeconds(2);

        assertTrue(repository.apply(JobLifecycle.progress(claimed.token(), 40, "Processing frame 30/75", now)));
        assertFalse(repository.apply(JobLifecycle.progress(new LeaseToken(job.id(), "intruder", 1), 90, "no", now)));

        Job updated = stored(job);
        assertEquals(40, updated.progress());
        assertEquals("Processing frame 30/75", updated.statusMessage());
        assertEquals(now, updated.updatedAt());
        assertEquals(JobStatus.PROCESSING, updated.status());
    }

    @Test
    void completeRecordsTheResultEndsTheJobAndFreesTheVideo() {
        Job job = insertPending(T0);
        Job claimed = claim("w1", T0);
        start(claimed, T0);
        Instant done = T0.plusSeconds(9);

        assertTrue(repository.apply(JobLifecycle.complete(claimed.token(), RESULT, done)));

        Job completed = stored(job);
        assertEquals(JobStatus.COMPLETED, completed.status());
        assertEquals(100, completed.progress());
        assertEquals(RESULT, completed.result());
        assertEquals(done, completed.completedAt());
        assertNull(completed.error());
        assertFalse(completed.holdsVideo());
        assertFalse(repository.apply(JobLifecycle.fail(claimed.token(), "too late", done)),
                "a finished job stays finished");
        assertFalse(repository.apply(JobLifecycle.release(claimed.token(), "Queued", null, done)));
        assertEquals(Optional.empty(), repository.claimNext("w2", done.plus(LEASE).plus(LEASE), RULES));
    }

    @Test
    void completeNeedsAStartedJob() {
        insertPending(T0);
        Job claimed = claim("w1", T0);

        assertFalse(repository.apply(JobLifecycle.complete(claimed.token(), RESULT, T0)));
        assertEquals(JobStatus.CLAIMED, stored(claimed).status());
    }

    @Test
    void failRecordsTheErrorAndFreesTheVideo() {
        Job job = insertPending(T0);
        Job claimed = claim("w1", T0);
        Instant failedAt = T0.plusSeconds(4);

        assertTrue(repository.apply(JobLifecycle.fail(claimed.token(), "Video not found", failedAt)));

        Job failed = stored(job);
        assertEquals(JobStatus.FAILED, failed.status());
        assertEquals("Video not found", failed.error());
        assertEquals(failedAt, failed.completedAt());
        assertNull(failed.result());
        assertFalse(failed.holdsVideo());
    }

    @Test
    void releaseGivesTheJobBackWithoutCountingTheAttempt() {
        Job job = insertPending(T0);
        Job claimed = claim("w1", T0);
        start(claimed, T0);

        assertTrue(repository.apply(JobLifecycle.release(claimed.token(), "Queued", null, T0.plusSeconds(1))));

        Job released = stored(job);
        assertEquals(JobStatus.PENDING, released.status());
        assertEquals(0, released.attempts());
        assertNull(released.lease());
        assertNull(released.token());
        assertTrue(released.holdsVideo(), "a released job keeps its video");
        Job again = claim("w2", T0.plusSeconds(2));
        assertEquals(job.id(), again.id());
        assertEquals(1, again.attempts());
    }

    @Test
    void givenReleaseUntilALaterTime_thenTheJobWaitsAndOthersGoFirst() {
        Job waiting = insertPending(T0);
        Job claimed = claim("w1", T0);
        Instant until = T0.plusSeconds(30);
        assertTrue(repository.apply(JobLifecycle.release(claimed.token(), "Waiting for the upload", until, T0)));
        Job other = insertPending(T0.plusSeconds(1));

        assertEquals(other.id(), claim("w1", T0.plusSeconds(2)).id());
        assertEquals(Optional.empty(), repository.claimNext("w1", until.minusMillis(1), RULES));
        assertEquals("Waiting for the upload", stored(waiting).statusMessage());
        assertEquals(waiting.id(), claim("w1", until).id());
        assertNull(stored(waiting).notBefore());
    }

    @Test
    void givenTwoPendingJobsOfOneVideo_thenTheSecondWaitsUntilTheFirstEnds() {
        VideoId video = aVideoId();
        Job first = aPendingJob().forVideo(video).createdAt(T0).build();
        Job second = aPendingJob().forVideo(video).createdAt(T0.plusSeconds(1)).build();
        insertAsAnotherProgram(first);
        insertAsAnotherProgram(second);
        Job unrelated = insertPending(T0.plusSeconds(2));

        Job running = claim("w1", T0.plusSeconds(3));
        assertEquals(first.id(), running.id());
        assertEquals(unrelated.id(), claim("w2", T0.plusSeconds(3)).id(), "another video's job is not held up");
        assertEquals(Optional.empty(), repository.claimNext("w3", T0.plusSeconds(3), RULES));

        start(running, T0.plusSeconds(4));
        assertTrue(repository.apply(JobLifecycle.complete(running.token(), RESULT, T0.plusSeconds(5))));

        Job waiting = stored(second);
        assertEquals(JobStatus.PENDING, waiting.status(), "it waits in the queue");
        assertEquals(0, waiting.attempts());
        assertNull(waiting.lease());
        assertEquals(second.id(), claim("w3", T0.plusSeconds(6)).id());
    }

    @Test
    void givenASubmittedJobAndAnOlderOneAnotherProgramInsertedLater_thenTheSubmittedJobRunsAndTheOlderOneWaits() {
        VideoId video = aVideoId();
        Job submitted = aPendingJob().forVideo(video).createdAt(T0.plusSeconds(1)).build();
        assertTrue(repository.submit(submitted).created());
        insertAsAnotherProgram(aPendingJob().forVideo(video).createdAt(T0).build());

        assertEquals(submitted.id(), claim("w1", T0.plusSeconds(2)).id(), "the submitted job holds the video");
        assertEquals(Optional.empty(), repository.claimNext("w2", T0.plusSeconds(2), RULES));
    }

    @Test
    void concurrentClaimsNeverTakeTwoJobsOfOneVideo() throws Exception {
        VideoId video = aVideoId();
        for (int i = 0; i < 4; i++) {
            insertAsAnotherProgram(aPendingJob().forVideo(video).createdAt(T0.plusMillis(i)).build());
        }
        Set<JobId> claimed = ConcurrentHashMap.newKeySet();

        race(8, thread -> repository.claimNext("w" + thread, T0.plusSeconds(1), RULES)
                .ifPresent(job -> claimed.add(job.id())));

        assertEquals(1, claimed.size(), "claimed " + claimed);
        assertEquals(3, repository.list(Optional.of(JobStatus.PENDING), 10).size());
    }

    @Test
    void givenAJobOfTheVideoWasTakenOver_thenTheOtherJobStillWaits() {
        VideoId video = aVideoId();
        insertAsAnotherProgram(aPendingJob().forVideo(video).createdAt(T0).build());
        insertAsAnotherProgram(aPendingJob().forVideo(video).createdAt(T0.plusSeconds(1)).build());
        Job first = claim("w1", T0);

        Job takenOver = claim("w2", T0.plus(LEASE));

        assertEquals(first.id(), takenOver.id());
        assertEquals(Optional.empty(), repository.claimNext("w3", T0.plus(LEASE), RULES));
    }

    @Test
    void submitStoresAJobThatHoldsItsVideo() {
        Job job = aPendingJob().createdAt(T0).build();

        JobRepository.Submission submission = repository.submit(job);

        assertTrue(submission.created());
        assertEquals(job.id(), submission.job().id());
        assertTrue(stored(job).holdsVideo());
        assertEquals(JobStatus.PENDING, stored(job).status());
    }

    @Test
    void givenAnOpenJobOfTheVideo_thenSubmitReturnsItInsteadOfStoringAnother() {
        VideoId video = aVideoId();
        Job first = repository.submit(aPendingJob().forVideo(video).createdAt(T0).build()).job();

        JobRepository.Submission again = repository.submit(aPendingJob().forVideo(video).createdAt(T0.plusSeconds(1))
                .build());

        assertFalse(again.created());
        assertEquals(first.id(), again.job().id());
        assertEquals(1, repository.list(Optional.empty(), 10).size());

        Job claimed = claim("w1", T0.plusSeconds(2));
        assertEquals(first.id(), repository.submit(aPendingJob().forVideo(video).build()).job().id(),
                "a claimed job is open too");
        start(claimed, T0.plusSeconds(2));
        repository.apply(JobLifecycle.fail(claimed.token(), "broken", T0.plusSeconds(3)));
        assertTrue(repository.submit(aPendingJob().forVideo(video).createdAt(T0.plusSeconds(4)).build()).created(),
                "a finished job does not stop a new one");
    }

    @Test
    void cancelEndsAPendingJobAndFreesItsVideo() {
        Job job = repository.submit(aPendingJob().createdAt(T0).build()).job();
        Instant at = T0.plusSeconds(1);

        JobRepository.Overridden cancelled = repository.override(JobLifecycle.cancel(job.id(), at)).orElseThrow();

        assertTrue(cancelled.applied());
        assertEquals(stored(job), cancelled.job());
        assertEquals(JobStatus.CANCELLED, cancelled.job().status());
        assertEquals(at, cancelled.job().completedAt());
        assertFalse(cancelled.job().holdsVideo());
        assertEquals(Optional.empty(), repository.claimNext("w1", at, RULES), "a cancelled job is not claimed");
        assertTrue(repository.submit(aPendingJob().forVideo(job.videoId()).createdAt(at).build()).created(),
                "the video is free for a new job");
    }

    @Test
    void givenAJobIsCancelledWhileHeld_thenEveryWriteOfTheAttemptIsRefused() {
        Job job = insertPending(T0);
        Job claimed = claim("w1", T0);
        start(claimed, T0);
        Instant at = T0.plusSeconds(2);

        assertTrue(repository.override(JobLifecycle.cancel(job.id(), at)).orElseThrow().applied());

        assertFalse(repository.apply(JobLifecycle.renew(claimed.token(), at, LEASE)));
        assertFalse(repository.apply(JobLifecycle.progress(claimed.token(), 50, "late", at)));
        assertFalse(repository.apply(JobLifecycle.complete(claimed.token(), RESULT, at)));
        assertFalse(repository.apply(JobLifecycle.fail(claimed.token(), "late", at)));
        assertFalse(repository.apply(JobLifecycle.release(claimed.token(), "Queued", null, at)));
        Job cancelled = stored(job);
        assertEquals(JobStatus.CANCELLED, cancelled.status());
        assertNull(cancelled.lease(), "the lease is released");
        assertNull(cancelled.result());
        assertEquals(Optional.empty(), repository.claimNext("w2", at.plus(LEASE).plus(LEASE), RULES),
                "nor is it claimed again when the old lease would have run out");
        assertEquals(List.of(), repository.failAbandoned(at.plus(LEASE).plus(LEASE), RULES));
    }

    @Test
    void onlyOpenJobsAreCancelled() {
        Job completed = insertPending(T0);
        Job claimed = claim("w1", T0);
        start(claimed, T0);
        repository.apply(JobLifecycle.complete(claimed.token(), RESULT, T0.plusSeconds(1)));
        Job queued = aPendingJob().status(JobStatus.of("queued")).createdAt(T0).build();
        insertAsAnotherProgram(queued);

        for (Job job : List.of(completed, queued)) {
            Job before = stored(job);
            JobRepository.Overridden refused = repository.override(JobLifecycle.cancel(job.id(), T0.plusSeconds(5)))
                    .orElseThrow();
            assertFalse(refused.applied());
            assertEquals(before, refused.job(), "the job as found");
            assertEquals(before, stored(job), "unchanged");
        }
        assertEquals(Optional.empty(), repository.override(JobLifecycle.cancel(JobId.next(T0), T0)));
    }

    @Test
    void retryQueuesAFailedJobAgainAsANewAttempt() {
        Job job = repository.submit(aPendingJob().createdAt(T0).build()).job();
        Job first = claim("w1", T0);
        start(first, T0);
        repository.apply(JobLifecycle.fail(first.token(), "model down", T0.plusSeconds(1)));
        Instant at = T0.plusSeconds(2);

        JobRepository.Overridden retried = repository.override(JobLifecycle.retry(job.id(), at)).orElseThrow();

        assertTrue(retried.applied());
        Job pending = stored(job);
        assertEquals(pending, retried.job());
        assertEquals(JobStatus.PENDING, pending.status());
        assertNull(pending.error());
        assertNull(pending.completedAt());
        assertNull(pending.lease());
        assertTrue(pending.holdsVideo());
        assertEquals(1, pending.attempts(), "the count is kept");
        Job second = claim("w1", at);
        assertEquals(2, second.attempts(), "a token of its own, even on the same worker");
        assertFalse(repository.apply(JobLifecycle.progress(first.token(), 1, "old attempt", at)));
        assertFalse(repository.override(JobLifecycle.retry(job.id(), at)).orElseThrow().applied(),
                "a claimed job is not retried");
    }

    @Test
    void retryQueuesACancelledJob() {
        Job job = repository.submit(aPendingJob().createdAt(T0).build()).job();
        repository.override(JobLifecycle.cancel(job.id(), T0.plusSeconds(1)));

        assertTrue(repository.override(JobLifecycle.retry(job.id(), T0.plusSeconds(2))).orElseThrow().applied());

        assertEquals(job.id(), claim("w1", T0.plusSeconds(3)).id());
    }

    @Test
    void givenAnotherOpenJobHoldsTheVideo_thenRetryIsRefusedAndSaysWhichJob() {
        VideoId video = aVideoId();
        Job old = repository.submit(aPendingJob().forVideo(video).createdAt(T0).build()).job();
        repository.override(JobLifecycle.cancel(old.id(), T0.plusSeconds(1)));
        Job newer = repository.submit(aPendingJob().forVideo(video).createdAt(T0.plusSeconds(2)).build()).job();

        JobRepository.Overridden refused = repository.override(JobLifecycle.retry(old.id(), T0.plusSeconds(3)))
                .orElseThrow();

        assertFalse(refused.applied());
        assertEquals(Optional.of(newer.id()), refused.videoHeldBy());
        assertEquals(JobStatus.CANCELLED, stored(old).status());
        assertFalse(stored(old).holdsVideo());
        assertTrue(stored(newer).holdsVideo());
    }

    @Test
    void concurrentRetriesOfTwoJobsOfOneVideoQueueOne() throws Exception {
        VideoId video = aVideoId();
        List<Job> ended = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Job job = repository.submit(aPendingJob().forVideo(video).createdAt(T0.plusSeconds(i)).build()).job();
            repository.override(JobLifecycle.cancel(job.id(), T0.plusSeconds(i)));
            ended.add(job);
        }
        AtomicInteger applied = new AtomicInteger();

        race(2, i -> {
            if (repository.override(JobLifecycle.retry(ended.get(i).id(), T0.plusSeconds(5))).orElseThrow().applied()) {
                applied.incrementAndGet();
            }
        });

        assertEquals(1, applied.get());
        assertEquals(1, repository.list(Optional.of(JobStatus.PENDING), 10).size());
    }

    private static final String HOOK = "http://receiver.example/hooks/jobs";
    private static final Duration HOOK_LEASE = Duration.ofSeconds(30);

    /** A job with a callback, claimed, started and ended with {@code end} at {@code at}. */
    private Job endedWithCallback(Instant at, Function<Job, JobTransition> end) {
        Job job = aPendingJob().createdAt(at.minusSeconds(10)).callback(HOOK).build();
        repository.insert(job);
        Job claimed = repository.claimNext("w1", at.minusSeconds(5), RULES).orElseThrow();
        start(claimed, at.minusSeconds(5));
        assertTrue(repository.apply(end.apply(claimed)));
        return stored(job);
    }

    private static CallbackDelivery delivery(int attempt, int status, Instant at) {
        return new CallbackDelivery(attempt, "job.completed", at, status, status == 0 ? "connection refused" : null,
                12);
    }

    @Test
    void aJobIsStoredWithItsCallback() {
        Job job = aPendingJob().callback(HOOK).build();

        assertTrue(repository.submit(job).created());

        assertEquals(Callback.to(HOOK), stored(job).callback());
        assertNull(stored(insertPending(T0)).callback());
    }

    @Test
    void theCallbackOfAnEndedJobIsClaimedOnceUntilItsClaimRunsOut() {
        Instant at = T0.plusSeconds(60);
        Job ended = endedWithCallback(at, claimed -> JobLifecycle.complete(claimed.token(), RESULT, at));
        insertPending(T0);
        Job running = aPendingJob().callback(HOOK).build();
        repository.insert(running);

        JobRepository.DueCallback due = repository.claimCallback(at, HOOK_LEASE).orElseThrow();

        assertEquals(ended.id(), due.job().id());
        assertEquals(JobStatus.COMPLETED, due.job().status());
        assertEquals(1, due.attempt());
        assertEquals(Optional.empty(), repository.claimCallback(at.plusSeconds(29), HOOK_LEASE), "claimed");
        JobRepository.DueCallback again = repository.claimCallback(at.plusSeconds(31), HOOK_LEASE).orElseThrow();
        assertEquals(ended.id(), again.job().id(), "a claim that ran out is taken over");
        assertEquals(2, again.attempt());
        assertFalse(again.claim().equals(due.claim()));
    }

    @Test
    void aDeliveryIsRecordedAndAFailedOneIsTriedAgainNotBeforeItsTime() {
        Instant at = T0.plusSeconds(60);
        Job ended = endedWithCallback(at, claimed -> JobLifecycle.fail(claimed.token(), "broken", at));
        JobRepository.DueCallback due = repository.claimCallback(at, HOOK_LEASE).orElseThrow();
        Instant retryAt = at.plusSeconds(10);

        assertTrue(repository.recordCallback(due, delivery(1, 503, at), retryAt));

        assertEquals(List.of(delivery(1, 503, at)), stored(ended).callback().deliveries());
        assertEquals(Optional.empty(), repository.claimCallback(retryAt.minusSeconds(1), HOOK_LEASE));
        JobRepository.DueCallback second = repository.claimCallback(retryAt, HOOK_LEASE).orElseThrow();
        assertEquals(2, second.attempt());
        assertTrue(repository.recordCallback(second, delivery(2, 204, retryAt), null));
        assertEquals(2, stored(ended).callback().deliveries().size());
        assertEquals(Optional.empty(), repository.claimCallback(retryAt.plus(LEASE), HOOK_LEASE), "delivered");
    }

    @Test
    void aLateDeliveryIsRecordedButSettlesNothing() {
        Instant at = T0.plusSeconds(60);
        Job ended = endedWithCallback(at, claimed -> JobLifecycle.complete(claimed.token(), RESULT, at));
        JobRepository.DueCallback late = repository.claimCallback(at, HOOK_LEASE).orElseThrow();
        Instant later = at.plus(HOOK_LEASE).plusSeconds(1);
        JobRepository.DueCallback current = repository.claimCallback(later, HOOK_LEASE).orElseThrow();

        assertFalse(repository.recordCallback(late, delivery(1, 200, later), null), "its claim was taken over");

        assertEquals(1, stored(ended).callback().deliveries().size(), "the POST it made is recorded all the same");
        assertTrue(repository.recordCallback(current, delivery(2, 500, later), later.plusSeconds(30)));
        assertEquals(3, repository.claimCallback(later.plusSeconds(30), HOOK_LEASE).orElseThrow().attempt(),
                "the current claim decided what follows: a third try, at its time");
    }

    @Test
    void aRetriedJobsNextEndIsToldAfreshAndItsDeliveriesAreKept() {
        Instant at = T0.plusSeconds(60);
        Job ended = endedWithCallback(at, claimed -> JobLifecycle.fail(claimed.token(), "broken", at));
        JobRepository.DueCallback first = repository.claimCallback(at, HOOK_LEASE).orElseThrow();
        repository.recordCallback(first, delivery(1, 200, at), null);
        assertTrue(repository.override(JobLifecycle.retry(ended.id(), at.plusSeconds(1))).orElseThrow().applied());
        assertEquals(Optional.empty(), repository.claimCallback(at.plusSeconds(2), HOOK_LEASE), "pending: no end");

        repository.override(JobLifecycle.cancel(ended.id(), at.plusSeconds(3)));

        JobRepository.DueCallback next = repository.claimCallback(at.plusSeconds(4), HOOK_LEASE).orElseThrow();
        assertEquals(JobStatus.CANCELLED, next.job().status());
        assertEquals(1, next.attempt(), "a new end, a first try");
        assertEquals(1, next.job().callback().deliveries().size(), "the first end's delivery is kept");
    }

    @Test
    void callbacksAreClaimedOldestEndFirst() {
        Instant at = T0.plusSeconds(60);
        Job later = endedWithCallback(at.plusSeconds(5),
                claimed -> JobLifecycle.complete(claimed.token(), RESULT, at.plusSeconds(5)));
        Job earlier = endedWithCallback(at, claimed -> JobLifecycle.complete(claimed.token(), RESULT, at));

        assertEquals(earlier.id(), repository.claimCallback(at.plusSeconds(6), HOOK_LEASE).orElseThrow().job().id());
        assertEquals(later.id(), repository.claimCallback(at.plusSeconds(6), HOOK_LEASE).orElseThrow().job().id());
    }

    @Test
    void givenAJobInsertedByAnotherProgram_thenSubmitReturnsIt() {
        Job direct = aPendingJob().createdAt(T0).build();
        insertAsAnotherProgram(direct);

        JobRepository.Submission submission = repository.submit(aPendingJob().forVideo(direct.videoId()).build());

        assertFalse(submission.created());
        assertEquals(direct.id(), submission.job().id());
    }

    @Test
    void concurrentSubmissionsForOneVideoStoreOneJob() throws Exception {
        VideoId video = aVideoId();
        Set<JobId> answered = ConcurrentHashMap.newKeySet();
        AtomicInteger created = new AtomicInteger();

        race(8, thread -> {
            JobRepository.Submission s = repository.submit(aPendingJob().forVideo(video).createdAt(T0).build());
            answered.add(s.job().id());
            if (s.created()) {
                created.incrementAndGet();
            }
        });

        assertEquals(1, created.get());
        assertEquals(1, answered.size());
        assertEquals(1, repository.list(Optional.empty(), 10).size());
    }

    @Test
    void givenAHeldJobWithNoLeaseThatStoppedUpdating_thenItIsClaimedAgainAsAnAttempt() {
        Job stale = aPendingJob().status(JobStatus.PROCESSING).createdAt(T0).updatedAt(T0).build();
        Job recent = aPendingJob().status(JobStatus.CLAIMED).createdAt(T0).updatedAt(T0.plusSeconds(60)).build();
        insertAsAnotherProgram(stale);
        insertAsAnotherProgram(recent);

        assertEquals(Optional.empty(), repository.claimNext("w1", T0.plus(STALE_AFTER).minusMillis(1), RULES));
        Job recovered = claim("w1", T0.plus(STALE_AFTER));

        assertEquals(stale.id(), recovered.id());
        assertEquals(1, recovered.attempts());
        assertEquals(JobStatus.CLAIMED, recovered.status());
        assertEquals(Optional.empty(), repository.claimNext("w1", T0.plus(STALE_AFTER), RULES),
                "a job updated within STALE_AFTER is left alone");
    }

    @Test
    void givenAHeldJobWithNoLeaseOnItsLastAttempt_thenItIsFailedAsAbandoned() {
        Job stale = aPendingJob().status(JobStatus.CLAIMED).createdAt(T0).attempts(MAX_ATTEMPTS).build();
        insertAsAnotherProgram(stale);
        Instant now = T0.plus(STALE_AFTER);

        assertEquals(Optional.empty(), repository.claimNext("w1", now, RULES));
        assertEquals(List.of(stale.id()), ids(repository.failAbandoned(now, RULES)));
        assertEquals(JobStatus.FAILED, stored(stale).status());
    }

    @Test
    void concurrentWorkersClaimEachJobExactlyOnce() throws Exception {
        int jobCount = 1000;
        for (int i = 0; i < jobCount; i++) {
            insertPending(T0.plusMillis(i));
        }
        Set<JobId> claimed = ConcurrentHashMap.newKeySet();
        AtomicInteger duplicates = new AtomicInteger();

        race(8, thread -> {
            Optional<Job> next;
            while ((next = repository.claimNext("w" + thread, T0.plusSeconds(5), RULES)).isPresent()) {
                if (!claimed.add(next.get().id())) {
                    duplicates.incrementAndGet();
                }
            }
        });

        assertEquals(0, duplicates.get());
        assertEquals(jobCount, claimed.size());
        assertEquals(List.of(), repository.list(Optional.of(JobStatus.PENDING), 10));
        assertNotNull(repository.findById(claimed.iterator().next()).orElseThrow().lease());
    }

    /** Runs {@code task} on {@code threads} threads released at the same moment, and waits for all. */
    private static void race(int threads, IntConsumer task) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                running.add(pool.submit(() -> {
                    go.await();
                    task.accept(thread);
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> each : running) {
                each.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<JobId> ids(List<Job> jobs) {
        return jobs.stream().map(Job::id).toList();
    }
}
