package dev.mlpipeline.core.service;

import dev.mlpipeline.core.domain.Job;
import dev.mlpipeline.core.domain.JobResult;
import dev.mlpipeline.core.domain.LeaseToken;
import dev.mlpipeline.core.domain.Video;
import dev.mlpipeline.core.port.Clock;
import dev.mlpipeline.core.port.InferenceClient;
import dev.mlpipeline.core.port.StoreUnavailableException;
import dev.mlpipeline.core.port.VideoCatalog;
import dev.mlpipeline.core.port.VideoStore;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;

/**
 * The standard {@link JobHandler}: finds the job's video, takes it for the attempt, opens the file from
 * its store, annotates it into the attempt's own folder, publishes the outputs, and keeps the video document
 * up to date. Every write to the video is fenced by the attempt's token, so a late attempt never
 * overwrites a newer one; an attempt whose outcome is not recorded deletes what it made. A video still
 * uploading defers the job.
 */
public final class JobProcessor implements JobHandler {
    /** How long a job waits at first before it looks again at a video that is still uploading, or busy. */
    static final Duration SHORT_WAIT = Duration.ofSeconds(5);
    // an upload that takes hours is looked at less and less often, up to every five minutes
    private static final Duration LONGEST_UPLOAD_WAIT = Duration.ofMinutes(5);
    private static final int TAKE_VIDEO_TRIES = 3;
    private static final System.Logger LOG = System.getLogger(JobProcessor.class.getName());

    private final VideoCatalog videos;
    private final Clock clock;
    private final Storage storage;
    private final VideoAnnotator annotator;
    private final Janitor janitor;
    private final TrackPlacement tracks;

    /**
     * Videos read from, and outputs written to, the upload folder.
     *
     * @param videos the videos, kept up to date
     * @param clock the time of each write
     * @param uploads the upload folder
     * @param annotator what turns a video into its outputs
     * @param janitor what clears up after earlier attempts
     * @param tracks what places frames on the video's GPS track
     * @throws NullPointerException when an argument is null
     */
    public JobProcessor(VideoCatalog videos, Clock clock, UploadFolder uploads, VideoAnnotator annotator,
            Janitor janitor, TrackPlacement tracks) {
        this(videos, clock, Storage.local(uploads), annotator, janitor, tracks);
    }

    /**
     * Videos read from, and outputs published to, the stores of {@code storage}.
     *
     * @param videos the videos, kept up to date
     * @param clock the time of each write
     * @param storage where videos come from and outputs go
     * @param annotator what turns a video into its outputs
     * @param janitor what clears up after earlier attempts
     * @param tracks what places frames on the video's GPS track
     * @throws NullPointerException when an argument is null
     */
    public JobProcessor(VideoCatalog videos, Clock clock, Storage storage, VideoAnnotator annotator,
            Janitor janitor, TrackPlacement tracks) {
        this.videos = Objects.requireNonNull(videos);
        this.clock = Objects.requireNonNull(clock);
        this.storage = Objects.requireNonNull(storage);
        this.annotator = Objects.requireNonNull(annotator);
        this.janitor = Objects.requireNonNull(janitor);
        this.tracks = Objects.requireNonNull(tracks);
    }

    @Override
    public Optional<String> notReady() {
        InferenceClient.Readiness readiness = annotator.readiness();
        return readiness.usable() ? Optional.empty() : Optional.of("the model cannot be used: " + readiness.detail());
    }

    @Override
    public Outcome process(Job job, JobContext context) {
        Optional<Video> found = videos.find(job.videoId());
        if (found.isEmpty()) {
            return new Outcome.Failed("Video not found: " + job.videoId());
        }
        if (found.get().isUploading()) {
            return new Outcome.Deferred("Waiting for the upload to finish", uploadWait(job));
        }
        Taking taken = takeVideo(found.get(), context);
        if (taken == Taking.LOST) {
            return Outcome.CANCELLED;
        }
        if (taken == Taking.BUSY) {
            return new Outcome.Deferred("Waiting for the video to be free", SHORT_WAIT);
        }
        LeaseToken token = context.token();
        if (token.attempt() > 1) {
            janitor.clearEarlierAttempts(token);
        }
        Path folder = storage.work().attemptFolder(token);
        try (VideoStore.Input input = storage.open(found.get().storageUrl(), "storage_url", "video file")) {
            prepare(folder);
            List<String> warnings = new ArrayList<>();
            FrameContext frames = tracks.contextFor(found.get(), token, storage, folder, warnings);
            Instant started = clock.now();
            Annotation annotation = annotator.annotate(input.file(), UploadFolder.annotatedVideo(folder, input.file()),
                    UploadFolder.detections(folder, input.file()), frames, context::isCancelled,
                    (done, expected) -> progress(job, context, done, expected, started));
            warnings.addAll(annotation.warnings());
            Path objects = UploadFolder.objectsBeside(annotation.detections());
            Map<String, String> categoryVideos = new LinkedHashMap<>();
            annotation.categoryVideos().forEach((category, video) -> categoryVideos.put(category, url(token, video)));
            JobResult result = new JobResult(url(token, annotation.video()), annotation.stats(),
                    url(token, annotation.detections()), warnings,
                    Files.exists(objects) ? url(token, objects) : null,
                    annotation.thumbnail() == null ? null : url(token, annotation.thumbnail()), categoryVideos);
            if (!storage.inPlace()) {
                // an attempt that lost the job publishes nothing: its successor's objects are the ones shown
                if (!context.stillHolds()) {
                    context.lost();
                    discard(token);
                    return Outcome.CANCELLED;
                }
                storage.publish(token);
                dropLocalCopy(token);
            }
            return new Outcome.Completed(result);
        } catch (CancellationException e) {
            LOG.log(Level.INFO, "job " + job.id() + " cancelled: " + context.cancellation());
            discard(token);
            return Outcome.CANCELLED;
        } catch (IOException e) {
            discard(token);
            return new Outcome.Failed(e.getMessage() == null ? e.toString() : e.getMessage());
        } catch (RuntimeException e) {
            discard(token);
            throw e;
        }
    }

    @Override
    public void recorded(Job job, LeaseToken token, Outcome outcome) {
        if (outcome instanceof Outcome.Completed completed) {
            JobResult result = completed.result();
            videos.markCompleted(job.videoId(), token, result, clock.now());
        } else if (outcome instanceof Outcome.Failed failed) {
            discard(token);
            videos.markError(job.videoId(), token, failed.error(), clock.now());
        }
    }

    @Override
    public void rejected(Job job, LeaseToken token, Outcome outcome) {
        discard(token);
    }

    @Override
    public void cancelled(Job job, LeaseToken token) {
        discard(token);
        videos.markCancelled(job.videoId(), token, clock.now());
    }

    @Override
    public void abandoned(Job job, String error) {
        videos.markAbandoned(job.videoId(), job.id(), error, clock.now());
    }

    @Override
    public void sweep() {
        try {
            janitor.sweep();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "could not sweep the outputs of unfinished attempts: " + e);
        }
    }

    private enum Taking { TAKEN, LOST, BUSY }

    /**
     * Takes the video for this attempt with a compare-and-set from the attempt it last recorded. The
     * job is checked after reading that attempt and before the swap: an attempt that lost its job in
     * between finds the video taken by the new holder and gives up.
     */
    private Taking takeVideo(Video video, JobContext context) {
        LeaseToken seen = video.pipelineLease();
        for (int tries = 0; tries < TAKE_VIDEO_TRIES; tries++) {
            if (!context.stillHolds()) {
                context.lost();
                return Taking.LOST;
            }
            if (videos.markProcessing(video.id(), seen, context.token(), "Starting", clock.now())) {
                return Taking.TAKEN;
            }
            seen = videos.find(video.id()).map(Video::pipelineLease).orElse(null);
        }
        LOG.log(Level.WARNING, "job " + context.token().jobId() + ": video " + video.id()
                + " keeps changing hands; the job waits");
        return Taking.BUSY;
    }

    /** Waits grow with the job's age: a fifth of it, from five seconds up to five minutes. */
    private Duration uploadWait(Job job) {
        Duration fifth = Duration.between(job.createdAt(), clock.now()).dividedBy(5);
        return fifth.compareTo(SHORT_WAIT) < 0 ? SHORT_WAIT
                : fifth.compareTo(LONGEST_UPLOAD_WAIT) > 0 ? LONGEST_UPLOAD_WAIT : fifth;
    }

    /**
     * A fresh, empty folder for the attempt. What is there already can only be this worker's own
     * earlier run under the same token (a job it gave back and claimed again) that it could not remove.
     * Another attempt removing the empty job folder at the same moment is tried again.
     */
    private static void prepare(Path folder) throws IOException {
        FileOps.deleteTree(folder);
        for (int tries = 1; ; tries++) {
            try {
                Files.createDirectories(folder);
                return;
            } catch (NoSuchFileException e) {
                if (tries == 3) {
                    throw e;
                }
            }
        }
    }

    /** The rest at the pace so far; null before the first frames or without a frame count to go by. */
    static Duration eta(Duration elapsed, long done, long expected) {
        if (done <= 0 || expected <= done || elapsed.isNegative()) {
            return null;
        }
        return Duration.ofMillis(Math.round(elapsed.toMillis() * (double) (expected - done) / done));
    }

    private void dropLocalCopy(LeaseToken token) {
        try {
            storage.work().deleteAttempt(token);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "could not remove the local copy of " + token + "'s outputs; the janitor will: "
                    + e);
        }
    }

    private String url(LeaseToken token, Path file) {
        return storage.urlOf(token, file);
    }

    private void discard(LeaseToken token) {
        try {
            storage.discard(token);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "could not remove the outputs of " + token + "; the janitor will: " + e);
        }
    }

    private void progress(Job job, JobContext context, long done, long expected, Instant started) {
        int percent = expected > 0 ? (int) Math.min(99, done * 100 / expected) : 0;
        String message = expected > 0
                ? String.format(Locale.ROOT, "Processing frame %d/%d", done, expected)
                : "Processing frame " + done;
        if (!context.progress(percent, message)) {
            return;
        }
        try {
            Instant now = clock.now();
            videos.updateProgress(job.videoId(), context.token(), percent, message,
                    eta(Duration.between(started, now), done, expected), now);
        } catch (StoreUnavailableException e) {
            LOG.log(Level.WARNING, "job " + job.id() + ": video progress not recorded: " + e.getMessage());
        }
    }
}
