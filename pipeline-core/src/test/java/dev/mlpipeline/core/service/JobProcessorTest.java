package dev.mlpipeline.core.service;

import static dev.mlpipeline.core.testing.Builders.aPendingJob;
import static dev.mlpipeline.core.testing.Builders.aVideo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mlpipeline.core.domain.Job;
import dev.mlpipeline.core.domain.JobStatus;
import dev.mlpipeline.core.domain.Video;
import dev.mlpipeline.core.testing.FakeClock;
import dev.mlpipeline.core.testing.InMemoryJobRepository;
import dev.mlpipeline.core.testing.InMemoryVideoCatalog;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class JobProcessorTest {
    private final InMemoryJobRepository jobs = new InMemoryJobRepository();
    private final InMemoryVideoCatalog videos = new InMemoryVideoCatalog();
    private final FakeClock clock = new FakeClock();
    private final JobProcessor processor = new JobProcessor(jobs, videos, clock);

    private Job claimed(Job job) {
        jobs.insert(job);
        return jobs.claimNext("w1", clock.now(), Duration.ofMinutes(1), 3).orElseThrow();
    }

    @Test
    void withoutAVideoPipeline_thenJobFailsClearlyAndIsNeverCompleted() {
        Video video = videos.add(aVideo().build());
        Job job = claimed(aPendingJob().forVideo(video.id()).build());

        processor.process(job, new JobContext("w1"));

        Job done = jobs.findById(job.id()).orElseThrow();
        assertEquals(JobStatus.FAILED, done.status());
        assertEquals("no video pipeline configured", done.error());
        assertEquals("error", videos.find(video.id()).orElseThrow().status());
        assertEquals("no video pipeline configured", videos.find(video.id()).orElseThrow().errorMessage());
    }

    @Test
    void givenVideoDeletedSinceTheJobWasCreated_thenJobFails() {
        Job job = claimed(aPendingJob().build());

        processor.process(job, new JobContext("w1"));

        Job done = jobs.findById(job.id()).orElseThrow();
        assertEquals(JobStatus.FAILED, done.status());
        assertEquals("Video not found: " + job.videoId(), done.error());
    }
}
