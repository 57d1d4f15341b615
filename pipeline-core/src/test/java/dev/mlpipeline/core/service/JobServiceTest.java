package dev.mlpipeline.core.service;

import static dev.mlpipeline.core.testing.Builders.aVideo;
import static dev.mlpipeline.core.testing.Builders.aVideoId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlpipeline.core.domain.InvalidInputException;
import dev.mlpipeline.core.domain.Job;
import dev.mlpipeline.core.domain.JobId;
import dev.mlpipeline.core.domain.JobLifecycle;
import dev.mlpipeline.core.domain.JobResult;
import dev.mlpipeline.core.domain.QueueRules;
import dev.mlpipeline.core.domain.JobStatus;
import dev.mlpipeline.core.domain.Video;
import dev.mlpipeline.core.port.JobRepository;
import dev.mlpipeline.core.port.VideoNotFoundException;
import dev.mlpipeline.core.testing.Builders;
import dev.mlpipeline.core.testing.FakeClock;
import dev.mlpipeline.core.testing.InMemoryJobRepository;
import dev.mlpipeline.core.testing.InMemoryVideoCatalog;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class JobServiceTest {
    private final InMemoryJobRepository jobs = new InMemoryJobRepository();
    private final InMemoryVideoCatalog videos = new InMemoryVideoCatalog();
    private final FakeClock clock = new FakeClock();
    private final AtomicInteger wakeUps = new AtomicInteger();
    private final JobService service = new JobService(jobs, videos, clock, wakeUps::incrementAndGet);

    @Test
    void createsAPendingJobForAnExistingVideoAndWakesTheWorker() {
        Video video = videos.add(aVideo().build());

        JobRepository.Submission submission = service.create(video.id().hex());
        Job job = submission.job();

        assertTrue(submission.created());
        assertEquals(JobStatus.PENDING, job.status());
        assertEquals(video.id(), job.videoId());
        assertEquals(clock.now(), job.createdAt());
        assertEquals(Optional.of(job), jobs.findById(job.id()));
        assertEquals(1, wakeUps.get());
    }

    @Test
    void givenAJobOfTheVideoIsStillOpen_thenCreateReturnsItAndMakesNoOther() {
        Video video = videos.add(aVideo().build());
        Job first = service.create(video.id().hex()).job();
        clock.advance(Duration.ofSeconds(1));

        JobRepository.Submission again = service.create(video.id().hex());

        assertFalse(again.created());
        assertEquals(first, again.job());
        assertEquals(1, jobs.list(Optional.empty(), 10).size());
        assertEquals(1, wakeUps.get(), "nothing new to wake the worker for");
    }

    @Test
    void cancellingAProcessingJobMarksTheVideoItsAttemptTook() {
        Video video = videos.add(aVideo().build());
        Job job = service.create(video.id().hex()).job();
        Job claimed = jobs.claimNext("w1", clock.now(), QueueRules.defaults()).orElseThrow();
        videos.markProcessing(video.id(), null, claimed.token(), "Starting", clock.now());

        JobRepository.Overridden cancelled = service.cancel(job.id().hex()).orElseThrow();

        assertTrue(cancelled.applied());
        assertEquals(JobStatus.CANCELLED, jobs.findById(job.id()).orElseThrow().status());
        assertEquals("cancelled", videos.find(video.id()).orElseThrow().status());
        assertFalse(service.cancel(job.id().hex()).orElseThrow().applied(), "a cancelled job is not cancelled again");
        assertEquals(Optional.empty(), service.cancel(JobId.next(clock.now()).hex()));
        assertThrows(InvalidInputException.class, () -> service.cancel("xyz"));
    }

    @Test
    void cancellingAPendingJobLeavesAVideoThatAnotherJobCompletedAlone() {
        Video video = videos.add(aVideo().build());
        Job earlier = service.create(video.id().hex()).job();
        Job claimed = jobs.claimNext("w1", clock.now(), QueueRules.defaults()).orElseThrow();
        videos.markProcessing(video.id(), null, claimed.token(), "Starting", clock.now());
        videos.markCompleted(video.id(), claimed.token(), new JobResult("/uploads/a.mp4", Builders.someStats(), null),
                clock.now());
        jobs.apply(JobLifecycle.start(claimed.token(), "Starting", clock.now()));
        jobs.apply(JobLifecycle.complete(claimed.token(), new JobResult("/uploads/a.mp4", Builders.someStats(), null),
                clock.now()));
        Job later = service.create(video.id().hex()).job();

        assertTrue(service.cancel(later.id().hex()).orElseThrow().applied());

        assertEquals("completed", videos.find(video.id()).orElseThrow().status());
        assertEquals(JobStatus.COMPLETED, jobs.findById(earlier.id()).orElseThrow().status());
    }

    @Test
    void retryingQueuesTheJobAgainAndWakesTheWorker() {
        Video video = videos.add(aVideo().build());
        Job job = service.create(video.id().hex()).job();
        service.cancel(job.id().hex());

        assertTrue(service.retry(job.id().hex()).orElseThrow().applied());

        assertEquals(JobStatus.PENDING, jobs.findById(job.id()).orElseThrow().status());
        assertEquals(2, wakeUps.get(), "once for the job, once for its retry");
        assertFalse(service.retry(job.id().hex()).orElseThrow().applied(), "a pending job is not retried");
        assertEquals(2, wakeUps.get());
    }

    @Test
    void givenUnknownVideo_thenVideoNotFoundAndNothingIsCreated() {
        assertThrows(VideoNotFoundException.class, () -> service.create(aVideoId().hex()));

        assertEquals(0, jobs.list(Optional.empty(), 10).size());
        assertEquals(0, wakeUps.get());
    }

    @Test
    void givenMissingOrMalformedVideoId_thenInvalidInput() {
        assertEquals("video_id required",
                assertThrows(InvalidInputException.class, () -> service.create(null)).getMessage());
        assertEquals("video_id required",
                assertThrows(InvalidInputException.class, () -> service.create(" ")).getMessage());
        assertThrows(InvalidInputException.class, () -> service.create("xyz"));
    }

    @Test
    void getsByIdAndRejectsMalformedIds() {
        Video video = videos.add(aVideo().build());
        Job job = service.create(video.id().hex()).job();

        assertEquals(Optional.of(job), service.get(job.id().hex()));
        assertThrows(InvalidInputException.class, () -> service.get("xyz"));
    }

    @Test
    void listsNewestFirstFilteredByStatusAndCappedAtOneHundred() {
        for (int i = 0; i < 105; i++) {
            service.create(videos.add(aVideo().build()).id().hex());
            clock.advance(Duration.ofMillis(1));
        }

        var all = service.list(null, 1000);
        assertEquals(100, all.size());
        assertEquals(clock.now().minusMillis(1), all.get(0).createdAt());
        assertEquals(3, service.list("pending", 3).size());
        assertEquals(0, service.list("completed", 10).size());
        assertEquals(0, service.list("queued", 10).size(), "any word filters");
        assertEquals(1, service.list("pending", 0).size(), "a limit is clamped into 1..100");
        assertEquals(100, service.list(" ", 1000).size(), "a blank status filters nothing");
    }
}
