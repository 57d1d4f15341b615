package dev.mlpipeline.core.service;

import dev.mlpipeline.core.domain.Job;
import dev.mlpipeline.core.domain.JobResult;
import dev.mlpipeline.core.domain.Video;
import dev.mlpipeline.core.port.Clock;
import dev.mlpipeline.core.port.JobRepository;
import dev.mlpipeline.core.port.StoreUnavailableException;
import dev.mlpipeline.core.port.VideoCatalog;
import dev.mlpipeline.core.service.JobContext.Cancellation;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;

/**
 * Runs one claimed job end to end: finds its video, resolves the file inside the upload folder,
 * annotates it, and records progress and the outcome on both the job and the video. Every failure
 * ends with the job {@code failed} and the video {@code error}, each with a message that says why;
 * a cancelled job is left for the worker to give back. Without a video pipeline (the three-argument
 * constructor) every job fails with a clear message: never a false completion.
 */
public final class JobProcessor implements JobHandler {
    static final String NO_PIPELINE = "no video pipeline configured";
    private static final System.Logger LOG = System.getLogger(JobProcessor.class.getName());

    private final JobRepository jobs;
    private final VideoCatalog videos;
    private final Clock clock;
    private final UploadFolder uploads;
    private final VideoAnnotator annotator;

    public JobProcessor(JobRepository jobs, VideoCatalog videos, Clock clock) {
        this(jobs, videos, clock, null, null);
    }

    public JobProcessor(JobRepository jobs, VideoCatalog videos, Clock clock, UploadFolder uploads,
            VideoAnnotator annotator) {
        this.jobs = Objects.requireNonNull(jobs);
        this.videos = Objects.requireNonNull(videos);
        this.clock = Objects.requireNonNull(clock);
        if ((uploads == null) != (annotator == null)) {
            throw new IllegalArgumentException("uploads and annotator go together");
        }
        this.uploads = uploads;
        this.annotator = annotator;
    }

    @Override
    public void process(Job job, JobContext context) {
        String worker = context.workerId();
        Optional<Video> found = videos.find(job.videoId());
        if (found.isEmpty()) {
            jobs.fail(job.id(), worker, "Video not found: " + job.videoId(), clock.now());
            return;
        }
        if (!jobs.start(job.id(), worker, "Starting", clock.now())) {
            return;
        }
        videos.markProcessing(job.videoId(), "Starting", clock.now());
        if (annotator == null) {
            fail(job, worker, NO_PIPELINE);
            return;
        }
        try {
            Path input = uploads.resolve(found.get());
            Annotation annotation = annotator.annotate(input, uploads.annotatedVideo(input), uploads.detections(input),
                    context::isCancelled, (done, expected) -> progress(job, context, done, expected));
            JobResult result = new JobResult(uploads.urlOf(annotation.video()), annotation.stats(),
                    uploads.urlOf(annotation.detections()));
            if (jobs.complete(job.id(), worker, result, clock.now())) {
                videos.markCompleted(job.videoId(), result.annotatedVideoUrl(), result.stats(), clock.now());
            }
        } catch (CancellationException e) {
            LOG.log(Level.INFO, "job " + job.id() + " cancelled: " + context.cancellation());
        } catch (IOException e) {
            fail(job, worker, e.getMessage() == null ? e.toString() : e.getMessage());
        } catch (RuntimeException e) {
            // here rather than in the Worker, so that the video is marked as well as the job
            LOG.log(Level.ERROR, "job " + job.id() + " failed", e);
            fail(job, worker, "processing failed: " + e);
        }
    }

    @Override
    public void abandoned(Job job, String error) {
        videos.markError(job.videoId(), error, clock.now());
    }

    private void progress(Job job, JobContext context, long done, long expected) {
        int percent = expected > 0 ? (int) Math.min(99, done * 100 / expected) : 0;
        String message = expected > 0
                ? String.format(Locale.ROOT, "Processing frame %d/%d", done, expected)
                : "Processing frame " + done;
        try {
            if (!jobs.updateProgress(job.id(), context.workerId(), percent, message, clock.now())) {
                context.cancel(Cancellation.LEASE_LOST);
                return;
            }
            videos.updateProgress(job.videoId(), percent, message, clock.now());
        } catch (StoreUnavailableException e) {
            // progress is a courtesy: a database hiccup must not end a job that is going well
            LOG.log(Level.WARNING, "job " + job.id() + ": progress not recorded: " + e.getMessage());
        }
    }

    private void fail(Job job, String worker, String error) {
        if (jobs.fail(job.id(), worker, error, clock.now())) {
            videos.markError(job.videoId(), error, clock.now());
        }
    }
}
