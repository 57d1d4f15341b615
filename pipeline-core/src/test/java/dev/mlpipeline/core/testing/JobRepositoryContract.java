package dev.mlpipeline.core.testing;

import static dev.mlpipeline.core.testing.Builders.T0;
import static dev.mlpipeline.core.testing.Builders.aPendingJob;
import static dev.mlpipeline.core.testing.Builders.someStats;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlpipeline.core.domain.Job;
import dev.mlpipeline.core.domain.JobId;
import dev.mlpipeline.core.domain.JobResult;
import dev.mlpipeline.core.domain.JobStatus;
import dev.mlpipeline.core.domain.Lease;
import dev.mlpipeline.core.port.JobRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link JobRepository} promises. Extend it and return a fresh, empty repository. */
public abstract class JobRepositoryContract {
    protected static final Duration LEASE = Duration.ofSeconds(60);
    protected static final int MAX_ATTEMPTS = 3;

    protected JobRepository repository;

    /** A new repository with no jobs in it. */
    protected abstract JobRepository createRepository();

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
        return repository.claimNext(worker, now, LEASE, MAX_ATTEMPTS).orElseThrow();
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
    void claimsOldestPendingJobFirst() {
        Job newer = insertPending(T0.plusSeconds(5));
        Job older = insertPending(T0);

        assertEquals(older.id(), claim("w1", T0.plusSeconds(10)).id());
        assertEquals(newer.id(), claim("w1", T0.plusSeconds(10)).id());
    }

    @Test
    void claimRecordsTheLeaseAndCountsTheAttempt() {
        Job job = insertPending(T0);
        Instant now = T0.plusSeconds(3);

        Job claimed = claim("worker-a", now);

        assertEquals(job.id(), claimed.id());
        assertEquals(JobStatus.CLAIMED, claimed.status());
        assertEquals(1, claimed.attempts());
        assertEquals(new Lease("worker-a", now, now.plus(LEASE)), claimed.lease());
        assertEquals(Optional.of(claimed), repository.findById(job.id()));
    }

    @Test
    void givenNothingPending_thenClaimIsEmpty() {
        assertEquals(Optional.empty(), repository.claimNext("w1", T0, LEASE, MAX_ATTEMPTS));
    }

    @Test
    void givenValidLease_thenJobIsNotClaimedAgain() {
        insertPending(T0);
        claim("w1", T0);

        assertEquals(Optional.empty(), repository.claimNext("w2", T0.plus(LEASE).minusMillis(1), LEASE, MAX_ATTEMPTS));
    }

    @Test
    void givenExpiredLease_thenJobIsClaimedAgainAndTheOldWorkerIsFencedOff() {
        Job job = insertPending(T0);
        claim("w1", T0);
        Instant later = T0.plus(LEASE);

        Job reclaimed = claim("w2", later);

        assertEquals(job.id(), reclaimed.id());
        assertEquals(2, reclaimed.attempts());
        assertEquals("w2", reclaimed.lease().workerId());
        assertFalse(repository.updateProgress(job.id(), "w1", 50, "late", later));
        assertFalse(repository.complete(job.id(), "w1", new JobResult("/uploads/x.mp4", someStats(), null), later));
        assertTrue(repository.updateProgress(job.id(), "w2", 10, "Processing frame 3/30", later));
    }

    @Test
    void givenExpiredLeaseOfAProcessingJob_thenItIsClaimedAgain() {
        Job job = insertPending(T0);
        claim("w1", T0);
        assertTrue(repository.start(job.id(), "w1", "Starting", T0));

        assertEquals(job.id(), claim("w2", T0.plus(LEASE).plusSeconds(1)).id());
    }

    @Test
    void renewedLeaseIsNotClaimedByOthers() {
        Job job = insertPending(T0);
        claim("w1", T0);
        Instant renewedAt = T0.plusSeconds(50);

        assertTrue(repository.renewLease(job.id(), "w1", renewedAt, LEASE));

        assertEquals(Optional.empty(), repository.claimNext("w2", T0.plus(LEASE).plusSeconds(1), LEASE, MAX_ATTEMPTS));
        assertEquals(renewedAt.plus(LEASE), repository.findById(job.id()).orElseThrow().lease().expiresAt());
        assertFalse(repository.renewLease(job.id(), "w2", renewedAt, LEASE));
    }

    @Test
    void givenExpiredLeaseOnTheLastAttempt_thenJobIsFailedAsAbandoned() {
        Job job = insertPending(T0);
        Instant now = T0;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            assertEquals(attempt, claim("w" + attempt, now).attempts());
            now = now.plus(LEASE);
        }

        assertEquals(Optional.empty(), repository.claimNext("w9", now, LEASE, MAX_ATTEMPTS));
        assertEquals(List.of(job.id()), ids(repository.failAbandoned(now, MAX_ATTEMPTS)));

        Job failed = repository.findById(job.id()).orElseThrow();
        assertEquals(JobStatus.FAILED, failed.status());
        assertEquals(JobRepository.abandonedError(MAX_ATTEMPTS), failed.error());
        assertEquals(List.of(), repository.failAbandoned(now, MAX_ATTEMPTS));
    }

    @Test
    void failAbandonedLeavesLiveAndRetryableJobsAlone() {
        Job retryable = insertPending(T0);
        claim("w1", T0);
        Job live = insertPending(T0.plusSeconds(1));
        claim("w2", T0.plusSeconds(30));

        assertEquals(List.of(), repository.failAbandoned(T0.plus(LEASE), MAX_ATTEMPTS));
        assertEquals(JobStatus.CLAIMED, repository.findById(retryable.id()).orElseThrow().status());
        assertEquals(JobStatus.CLAIMED, repository.findById(live.id()).orElseThrow().status());
    }

    @Test
    void startMarksTheJobProcessing() {
        Job job = insertPending(T0);
        claim("w1", T0);
        Instant startedAt = T0.plusSeconds(1);

        assertTrue(repository.start(job.id(), "w1", "Starting", startedAt));

        Job started = repository.findById(job.id()).orElseThrow();
        assertEquals(JobStatus.PROCESSING, started.status());
        assertEquals(startedAt, started.startedAt());
        assertEquals("Starting", started.statusMessage());
        assertFalse(repository.start(job.id(), "w2", "Starting", startedAt));
    }

    @Test
    void progressIsRecordedForTheHolderOnly() {
        Job job = insertPending(T0);
        claim("w1", T0);
        repository.start(job.id(), "w1", "Starting", T0);
        Instant now = T0.plusSeconds(2);

        assertTrue(repository.updateProgress(job.id(), "w1", 40, "Processing frame 30/75", now));
        assertFalse(repository.updateProgress(job.id(), "intruder", 90, "no", now));

        Job updated = repository.findById(job.id()).orElseThrow();
        assertEquals(40, updated.progress());
        assertEquals("Processing frame 30/75", updated.statusMessage());
        assertEquals(now, updated.updatedAt());
        assertEquals(JobStatus.PROCESSING, updated.status());
    }

    @Test
    void completeRecordsTheResultAndEndsTheJob() {
        Job job = insertPending(T0);
        claim("w1", T0);
        repository.start(job.id(), "w1", "Starting", T0);
        JobResult result = new JobResult("/uploads/annotated_clip.mp4", someStats(),
                "/uploads/annotated_clip.detections.json");
        Instant done = T0.plusSeconds(9);

        assertTrue(repository.complete(job.id(), "w1", result, done));

        Job completed = repository.findById(job.id()).orElseThrow();
        assertEquals(JobStatus.COMPLETED, completed.status());
        assertEquals(100, completed.progress());
        assertEquals(result, completed.result());
        assertEquals(done, completed.completedAt());
        assertNull(completed.error());
        assertFalse(repository.fail(job.id(), "w1", "too late", done), "a finished job stays finished");
        assertFalse(repository.release(job.id(), "w1", done));
        assertEquals(Optional.empty(), repository.claimNext("w2", done.plus(LEASE).plus(LEASE), LEASE, MAX_ATTEMPTS));
    }

    @Test
    void failRecordsTheError() {
        Job job = insertPending(T0);
        claim("w1", T0);
        Instant failedAt = T0.plusSeconds(4);

        assertTrue(repository.fail(job.id(), "w1", "Video not found", failedAt));

        Job failed = repository.findById(job.id()).orElseThrow();
        assertEquals(JobStatus.FAILED, failed.status());
        assertEquals("Video not found", failed.error());
        assertEquals(failedAt, failed.completedAt());
        assertNull(failed.result());
    }

    @Test
    void releaseGivesTheJobBackWithoutCountingTheAttempt() {
        Job job = insertPending(T0);
        claim("w1", T0);
        repository.start(job.id(), "w1", "Starting", T0);

        assertTrue(repository.release(job.id(), "w1", T0.plusSeconds(1)));

        Job released = repository.findById(job.id()).orElseThrow();
        assertEquals(JobStatus.PENDING, released.status());
        assertEquals(0, released.attempts());
        assertNull(released.lease());
        Job again = claim("w2", T0.plusSeconds(2));
        assertEquals(job.id(), again.id());
        assertEquals(1, again.attempts());
    }

    @Test
    void concurrentWorkersClaimEachJobExactlyOnce() throws Exception {
        int jobCount = 1000;
        int threads = 8;
        for (int i = 0; i < jobCount; i++) {
            insertPending(T0.plusMillis(i));
        }
        Set<JobId> claimed = ConcurrentHashMap.newKeySet();
        AtomicInteger duplicates = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> workers = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String worker = "w" + t;
                workers.add(pool.submit(() -> {
                    go.await();
                    Optional<Job> next;
                    while ((next = repository.claimNext(worker, T0.plusSeconds(5), LEASE, MAX_ATTEMPTS)).isPresent()) {
                        if (!claimed.add(next.get().id())) {
                            duplicates.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> worker : workers) {
                worker.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertEquals(0, duplicates.get());
        assertEquals(jobCount, claimed.size());
        assertEquals(List.of(), repository.list(Optional.of(JobStatus.PENDING), 10));
        assertNotNull(repository.findById(claimed.iterator().next()).orElseThrow().lease());
    }

    private static List<JobId> ids(List<Job> jobs) {
        return jobs.stream().map(Job::id).toList();
    }
}
