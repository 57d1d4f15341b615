package dev.mlpipeline.core.service;

import dev.mlpipeline.core.domain.InvalidInputException;
import dev.mlpipeline.core.domain.Job;
import dev.mlpipeline.core.domain.JobId;
import dev.mlpipeline.core.domain.JobStatus;
import dev.mlpipeline.core.domain.VideoId;
import dev.mlpipeline.core.port.Clock;
import dev.mlpipeline.core.port.JobRepository;
import dev.mlpipeline.core.port.VideoCatalog;
import dev.mlpipeline.core.port.VideoNotFoundException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Creates, shows and lists jobs. Thread-safe. */
public final class JobService {
    /** The origin's cap on a listing. */
    public static final int MAX_LIST = 100;

    private final JobRepository jobs;
    private final VideoCatalog videos;
    private final Clock clock;
    private final Runnable onJobCreated;

    /** {@code onJobCreated} runs after each new job is stored, typically {@link Worker#wake()}. */
    public JobService(JobRepository jobs, VideoCatalog videos, Clock clock, Runnable onJobCreated) {
        this.jobs = Objects.requireNonNull(jobs);
        this.videos = Objects.requireNonNull(videos);
        this.clock = Objects.requireNonNull(clock);
        this.onJobCreated = Objects.requireNonNull(onJobCreated);
    }

    /**
     * Queues a job for the video, unless a job of it is already pending, claimed or processing: then
     * that job is returned, with {@code created} false (a double click makes one job, not two). Throws
     * {@link InvalidInputException} for a malformed id and {@link VideoNotFoundException} when no such
     * video exists.
     */
    public JobRepository.Submission create(String videoId) {
        if (videoId == null || videoId.isBlank()) {
            throw new InvalidInputException("video_id required");
        }
        VideoId id = VideoId.parse(videoId.strip());
        if (videos.find(id).isEmpty()) {
            throw new VideoNotFoundException(id);
        }
        var now = clock.now();
        JobRepository.Submission submission = jobs.submit(Job.pending(JobId.next(now), id, now));
        if (submission.created()) {
            onJobCreated.run();
        }
        return submission;
    }

    /** Throws {@link InvalidInputException} for a malformed id. */
    public Optional<Job> get(String jobId) {
        return jobs.findById(JobId.parse(jobId));
    }

    /**
     * Newest first, {@code limit} clamped into 1..{@link #MAX_LIST}. A null or blank {@code status}
     * lists every status; any word filters, another program's too (an empty list when none matches).
     */
    public List<Job> list(String status, int limit) {
        Optional<JobStatus> filter = status == null || status.isBlank()
                ? Optional.empty() : Optional.of(JobStatus.of(status));
        return jobs.list(filter, Math.max(1, Math.min(limit, MAX_LIST)));
    }
}
