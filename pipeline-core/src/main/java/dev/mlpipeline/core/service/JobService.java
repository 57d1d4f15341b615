package dev.mlpipeline.core.service;

import dev.mlpipeline.core.domain.Callback;
import dev.mlpipeline.core.domain.InvalidInputException;
import dev.mlpipeline.core.domain.Job;
import dev.mlpipeline.core.domain.JobId;
import dev.mlpipeline.core.domain.JobLifecycle;
import dev.mlpipeline.core.domain.JobStatus;
import dev.mlpipeline.core.domain.Video;
import dev.mlpipeline.core.domain.VideoId;
import dev.mlpipeline.core.port.Clock;
import dev.mlpipeline.core.port.JobRepository;
import dev.mlpipeline.core.port.StoreUnavailableException;
import dev.mlpipeline.core.port.VideoCatalog;
import dev.mlpipeline.core.port.VideoNotFoundException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Creates, shows, lists, cancels and retries jobs. Thread-safe. */
public final class JobService {
    private static final System.Logger LOG = System.getLogger(JobService.class.getName());
    /** The origin's cap on a listing. */
    public static final int MAX_LIST = 100;

    private final JobRepository jobs;
    private final VideoCatalog videos;
    private final Clock clock;
    private final Runnable onJobCreated;
    private final Runnable onJobEnded;

    /**
     * {@code onJobCreated} runs after each new or retried job is stored, typically {@link Worker#wake()}.
     *
     * @param jobs the queue
     * @param videos the videos, which a new job's must be among
     * @param clock the time of each change
     * @param onJobCreated what to run after a job is stored or queued again
     * @throws NullPointerException when an argument is null
     */
    public JobService(JobRepository jobs, VideoCatalog videos, Clock clock, Runnable onJobCreated) {
        this(jobs, videos, clock, onJobCreated, () -> { });
    }

    /**
     * {@code onJobEnded} runs after a job is cancelled, typically {@link CallbackDispatcher#wake()}, so
     * that its end is posted at once.
     *
     * @param jobs the queue
     * @param videos the videos, which a new job's must be among
     * @param clock the time of each change
     * @param onJobCreated what to run after a job is stored or queued again
     * @param onJobEnded what to run after a job is cancelled
     * @throws NullPointerException when an argument is null
     */
    public JobService(JobRepository jobs, VideoCatalog videos, Clock clock, Runnable onJobCreated,
            Runnable onJobEnded) {
        this.jobs = Objects.requireNonNull(jobs);
        this.videos = Objects.requireNonNull(videos);
        this.clock = Objects.requireNonNull(clock);
        this.onJobCreated = Objects.requireNonNull(onJobCreated);
        this.onJobEnded = Objects.requireNonNull(onJobEnded);
    }

    /**
     * Queues a job for the video, unless a job of it is already pending, claimed or processing: then
     * that job is returned, with {@code created} false (a double click makes one job, not two). Throws
     * {@link InvalidInputException} for a malformed id and {@link VideoNotFoundException} when no such
     * video exists.
     *
     * @param videoId the video's id as the client gave it; leading and trailing white space is ignored
     * @return the job stored, with {@code created} true, or the open job found
     * @throws InvalidInputException when {@code videoId} is null, blank or malformed
     * @throws VideoNotFoundException when no such video exists
     */
    public JobRepository.Submission create(String videoId) {
        return create(videoId, null);
    }

    /**
     * As {@link #create(String)}, the new job's end to be posted to {@code callbackUrl} (null: none); a
     * job already open keeps its own callback. Throws {@link InvalidInputException} for a URL that is
     * not an absolute http(s) one (see {@link Callback#parse}).
     *
     * @param videoId the video's id as the client gave it; leading and trailing white space is ignored
     * @param callbackUrl the URL to post the new job's end to, or null for none
     * @return the job stored, with {@code created} true, or the open job found
     * @throws InvalidInputException when {@code videoId} is null, blank or malformed, or the URL is not usable
     * @throws VideoNotFoundException when no such video exists
     */
    public JobRepository.Submission create(String videoId, String callbackUrl) {
        if (videoId == null || videoId.isBlank()) {
            throw new InvalidInputException("video_id required");
        }
        VideoId id = VideoId.parse(videoId.strip());
        Callback callback = callbackUrl == null ? null : Callback.parse(callbackUrl);
        if (videos.find(id).isEmpty()) {
            throw new VideoNotFoundException(id);
        }
        var now = clock.now();
        JobRepository.Submission submission = jobs.submit(Job.pending(JobId.next(now), id, now).withCallback(callback));
        if (submission.created()) {
            onJobCreated.run();
        }
        return submission;
    }

    /**
     * Cancels a pending, claimed or processing job: it ends at once as {@code cancelled}, and the worker
     * running it (on any instance) stops within about a second and removes what it made. A video the
     * job's attempt marked {@code processing} is marked {@code cancelled}. Empty when there is no such
     * job; not applied for a job in another status. Throws {@link InvalidInputException} for a malformed id.
     *
     * @param jobId the job's id as the client gave it
     * @return whether the job was cancelled, with the job; empty when there is no such job
     * @throws InvalidInputException when {@code jobId} is null or malformed
     */
    public Optional<JobRepository.Overridden> cancel(String jobId) {
        Optional<JobRepository.Overridden> change = jobs.override(JobLifecycle.cancel(JobId.parse(jobId), clock.now()));
        change.filter(JobRepository.Overridden::applied).ifPresent(done -> {
            markVideoCancelled(done.job());
            onJobEnded.run();
        });
        return change;
    }

    /**
     * The attempt the video records, if it is one of this job's, marks it: fenced by that attempt, so a
     * retry that took the video meanwhile keeps it. The job is cancelled either way: a video that cannot
     * be marked now is marked by the worker as it stops, or by the janitor's next sweep.
     */
    private void markVideoCancelled(Job job) {
        try {
            videos.find(job.videoId()).map(Video::pipelineLease).filter(taken -> taken.jobId().equals(job.id()))
                    .ifPresent(taken -> videos.markCancelled(job.videoId(), taken, clock.now()));
        } catch (StoreUnavailableException e) {
            LOG.log(System.Logger.Level.WARNING, "job " + job.id() + " cancelled; its video is marked later: "
                    + e.getMessage());
        }
    }

    /**
     * Queues a failed or cancelled job again (a new attempt, the count kept), unless another open job
     * holds its video. Empty when there is no such job; not applied for a job in another status, or
     * with {@code videoHeldBy} when another job holds the video. Throws {@link InvalidInputException}
     * for a malformed id.
     *
     * @param jobId the job's id as the client gave it
     * @return whether the job was queued again, with the job; empty when there is no such job
     * @throws InvalidInputException when {@code jobId} is null or malformed
     */
    public Optional<JobRepository.Overridden> retry(String jobId) {
        Optional<JobRepository.Overridden> change = jobs.override(JobLifecycle.retry(JobId.parse(jobId), clock.now()));
        if (change.map(JobRepository.Overridden::applied).orElse(false)) {
            onJobCreated.run();
        }
        return change;
    }

    /**
     * The job with this id, as stored. Throws {@link InvalidInputException} for a malformed id.
     *
     * @param jobId the job's id as the client gave it
     * @return the job, or empty when there is none
     * @throws InvalidInputException when {@code jobId} is null or malformed
     */
    public Optional<Job> get(String jobId) {
        return jobs.findById(JobId.parse(jobId));
    }

    /**
     * Newest first, {@code limit} clamped into 1..{@link #MAX_LIST}. A null or blank {@code status}
     * lists every status; any word filters, another program's too (an empty list when none matches).
     *
     * @param status the status word to list, or null or blank for all
     * @param limit the most jobs to give, clamped into 1..{@link #MAX_LIST}
     * @return the jobs, newest first
     */
    public List<Job> list(String status, int limit) {
        Optional<JobStatus> filter = status == null || status.isBlank()
                ? Optional.empty() : Optional.of(JobStatus.of(status));
        return jobs.list(filter, Math.max(1, Math.min(limit, MAX_LIST)));
    }
}
