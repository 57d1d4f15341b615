package dev.mlpipeline.core.service;

import dev.mlpipeline.core.domain.Job;
import dev.mlpipeline.core.domain.Video;
import dev.mlpipeline.core.port.Clock;
import dev.mlpipeline.core.port.JobRepository;
import dev.mlpipeline.core.port.VideoCatalog;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs one claimed job through the ports and records its outcome on the job and on its video. Until a
 * video pipeline is wired in, every job fails with a clear message: never a false completion.
 */
public final class JobProcessor implements JobHandler {
    static final String NO_PIPELINE = "no video pipeline configured";

    private final JobRepository jobs;
    private final VideoCatalog videos;
    private final Clock clock;

    public JobProcessor(JobRepository jobs, VideoCatalog videos, Clock clock) {
        this.jobs = Objects.requireNonNull(jobs);
        this.videos = Objects.requireNonNull(videos);
        this.clock = Objects.requireNonNull(clock);
    }

    @Override
    public void process(Job job, JobContext context) {
        String worker = context.workerId();
        Optional<Video> video = videos.find(job.videoId());
        if (video.isEmpty()) {
            jobs.fail(job.id(), worker, "Video not found: " + job.videoId(), clock.now());
            return;
        }
        if (!jobs.start(job.id(), worker, "Starting", clock.now())) {
            return;
        }
        videos.markProcessing(job.videoId(), "Starting", clock.now());
        if (jobs.fail(job.id(), worker, NO_PIPELINE, clock.now())) {
            videos.markError(job.videoId(), NO_PIPELINE, clock.now());
        }
    }
}
