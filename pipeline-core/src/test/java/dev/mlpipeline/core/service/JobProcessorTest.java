package dev.mlpipeline.core.service;

import static dev.mlpipeline.core.testing.Builders.aPendingJob;
import static dev.mlpipeline.core.testing.Builders.aVideo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.mlpipeline.core.domain.Job;
import dev.mlpipeline.core.domain.JobStatus;
import dev.mlpipeline.core.domain.QueueRules;
import dev.mlpipeline.core.domain.Video;
import dev.mlpipeline.core.testing.FakeClock;
import dev.mlpipeline.core.testing.InMemoryJobRepository;
import dev.mlpipeline.core.testing.InMemoryVideoCatalog;
import dev.mlpipeline.core.testing.Processors;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobProcessorTest {
    private final InMemoryJobRepository jobs = new InMemoryJobRepository();
    private final InMemoryVideoCatalog videos = new InMemoryVideoCatalog();
    private final FakeClock clock = new FakeClock();
    @TempDir
    Path uploads;

    private Job run(Job job) {
        jobs.insert(job);
        new Worker(jobs, Processors.withoutFiles(videos, jobs, clock, uploads), clock,
                new WorkerSettings("w1", Duration.ofHours(1), QueueRules.defaults())).runNext();
        return jobs.findById(job.id()).orElseThrow();
    }

    @Test
    void givenTheVideosFileIsMissing_thenJobAndVideoFailSayingSo() {
        Video video = videos.add(aVideo().build());

        Job done = run(aPendingJob().forVideo(video.id()).build());

        assertEquals(JobStatus.FAILED, done.status());
        assertEquals("video file not found: clip.mp4", done.error());
        assertEquals("error", videos.find(video.id()).orElseThrow().status());
        assertEquals("video file not found: clip.mp4", videos.find(video.id()).orElseThrow().errorMessage());
    }

    @Test
    void givenVideoDeletedSinceTheJobWasCreated_thenJobFails() {
        Job job = aPendingJob().build();

        Job done = run(job);

        assertEquals(JobStatus.FAILED, done.status());
        assertEquals("Video not found: " + job.videoId(), done.error());
    }

    @Test
    void givenAVideoStillUploading_thenTheJobWaitsAndTheVideoIsLeftAlone() {
        Video uploading = new Video(aVideo().build().id(), "/uploads/clip.mp4", Video.UPLOADING, 40, null, null,
                null, null, null);
        videos.add(uploading);

        Job waiting = run(aPendingJob().forVideo(uploading.id()).build());

        assertEquals(JobStatus.PENDING, waiting.status());
        assertEquals("Waiting for the upload to finish", waiting.statusMessage());
        assertEquals(0, waiting.attempts());
        assertEquals(clock.now().plus(JobProcessor.SHORT_WAIT), waiting.notBefore());
        assertEquals(uploading, videos.find(uploading.id()).orElseThrow());
        assertNull(waiting.lease());
    }

    @Test
    void theTimeLeftIsTheRestAtThePaceSoFarAndUnknownUntilThereIsAPace() {
        assertEquals(Duration.ofSeconds(30), JobProcessor.eta(Duration.ofSeconds(10), 25, 100));
        assertNull(JobProcessor.eta(Duration.ofSeconds(10), 0, 100), "no frame done yet");
        assertNull(JobProcessor.eta(Duration.ofSeconds(10), 100, 100), "done");
        assertNull(JobProcessor.eta(Duration.ofSeconds(10), 50, 0), "no frame count to go by");
    }
}
