package dev.mlpipeline.core.service;

import dev.mlpipeline.core.domain.Job;
import dev.mlpipeline.core.domain.JobId;
import dev.mlpipeline.core.domain.JobResult;
import dev.mlpipeline.core.domain.JobStatus;
import dev.mlpipeline.core.domain.LeaseToken;
import dev.mlpipeline.core.domain.ObjectIds;
import dev.mlpipeline.core.domain.Video;
import dev.mlpipeline.core.port.Clock;
import dev.mlpipeline.core.port.JobRepository;
import dev.mlpipeline.core.port.VideoCatalog;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Cleans up after attempts that died: the killed, the paused past their lease, the given up on.
 * <ul>
 * <li>It removes the outputs that no attempt will ever finish and nobody points to. An attempt folder
 * is kept while its attempt holds the job (even with an expired lease: the attempt may be paused, and
 * cleans up itself), while the job's result or its video points into it, and while anything in it
 * changed less than {@code minAge} ago (a lease: an attempt cut off from the database may still be
 * writing). Temporary files that older versions left beside the uploads go at the same age.</li>
 * <li>It brings videos still marked {@code processing} in line with how their job ended, for a worker
 * that died between finishing a job and updating its video.</li>
 * </ul>
 * Thread-safe.
 */
public final class Janitor {
    private static final System.Logger LOG = System.getLogger(Janitor.class.getName());
    private static final int VIDEOS_PER_SWEEP = 100;
    // the temporaries of versions that wrote beside the uploads: ".annotated_x.<hex>.part.mp4" and the like
    private static final Pattern LEGACY_TEMPORARY = Pattern.compile("\\..+\\.part(\\.mp4)?");
    private static final Pattern ATTEMPT = Pattern.compile("\\d+-.+");

    private final UploadFolder uploads;
    private final JobRepository jobs;
    private final VideoCatalog videos;
    private final Clock clock;
    private final Duration minAge;

    public Janitor(UploadFolder uploads, JobRepository jobs, VideoCatalog videos, Clock clock, Duration minAge) {
        this.uploads = Objects.requireNonNull(uploads);
        this.jobs = Objects.requireNonNull(jobs);
        this.videos = Objects.requireNonNull(videos);
        this.clock = Objects.requireNonNull(clock);
        this.minAge = Objects.requireNonNull(minAge);
    }

    /** Sweeps every job's outputs and the old temporaries, and repairs videos; returns the files removed. */
    public List<Path> sweep() throws IOException {
        repairVideos();
        List<Path> removed = new ArrayList<>(removeLegacyTemporaries());
        Path outputs = uploads.root().resolve(UploadFolder.OUTPUTS);
        if (!Files.isDirectory(outputs)) {
            return removed;
        }
        for (Path jobFolder : children(outputs)) {
            String name = jobFolder.getFileName().toString();
            if (Files.isDirectory(jobFolder) && ObjectIds.isValid(name)) {
                removed.addAll(sweep(JobId.parse(name), minAge));
            }
        }
        return removed;
    }

    /**
     * Removes what earlier attempts at a job left, whatever its age: called by the attempt that took
     * the job over, so they are known to have lost it. Returns the attempt folders it removed.
     */
    public List<Path> clearEarlierAttempts(JobId jobId) throws IOException {
        return sweep(jobId, Duration.ZERO);
    }

    private List<Path> sweep(JobId jobId, Duration minAge) throws IOException {
        Path jobFolder = uploads.jobFolder(jobId);
        if (!Files.isDirectory(jobFolder)) {
            return List.of();
        }
        Optional<Job> job = jobs.findById(jobId);
        Optional<Video> video = job.flatMap(j -> videos.find(j.videoId()));
        List<Path> removed = new ArrayList<>();
        for (Path attempt : children(jobFolder)) {
            if (!ATTEMPT.matcher(attempt.getFileName().toString()).matches() || !Files.isDirectory(attempt)) {
                continue;
            }
            if (job.isEmpty()) {
                // a job someone deleted: what it published may still be shown somewhere, its temporaries not
                removed.addAll(removeOldTemporaries(attempt, minAge));
            } else if (!isLive(job.get(), attempt) && !isPointedTo(job.get(), video, attempt)
                    && isOld(attempt, minAge)) {
                FileOps.deleteTree(attempt);
                LOG.log(Level.INFO, "removed the outputs of an unfinished attempt: " + attempt);
                removed.add(attempt);
            }
        }
        try {
            Files.deleteIfExists(jobFolder);
        } catch (DirectoryNotEmptyException e) {
            // attempts left to keep
        }
        return removed;
    }

    /** Each video an attempt left processing whose job has ended gets the job's outcome. */
    private void repairVideos() {
        for (Video video : videos.listProcessing(VIDEOS_PER_SWEEP)) {
            LeaseToken taken = video.pipelineLease();
            Optional<Job> job = jobs.findById(taken.jobId());
            if (job.isEmpty() || !job.get().status().isTerminal()) {
                continue;
            }
            Job ended = job.get();
            boolean repaired = ended.status() == JobStatus.COMPLETED
                    ? videos.markCompleted(video.id(), taken, ended.result().annotatedVideoUrl(), ended.result().stats(),
                            clock.now())
                    // failed by the attempt that took the video, by a later one, or given up on
                    : videos.markAbandoned(video.id(), ended.id(), ended.error(), clock.now());
            if (repaired) {
                LOG.log(Level.INFO, "video " + video.id() + " brought in line with job " + ended.id() + ": "
                        + ended.status().wire());
            }
        }
    }

    private static boolean isLive(Job job, Path attempt) {
        return job.token() != null && UploadFolder.isFolderOf(attempt, job.token());
    }

    private boolean isPointedTo(Job job, Optional<Video> video, Path attempt) {
        String prefix = uploads.urlOf(attempt) + "/";
        JobResult result = job.result();
        return result != null && (startsWith(result.annotatedVideoUrl(), prefix)
                || startsWith(result.detectionsUrl(), prefix))
                || video.map(v -> startsWith(v.annotatedVideoUrl(), prefix)).orElse(false);
    }

    private static boolean startsWith(String url, String prefix) {
        return url != null && url.startsWith(prefix);
    }

    private static List<Path> removeOldTemporaries(Path folder, Duration minAge) throws IOException {
        List<Path> removed = new ArrayList<>();
        for (Path file : children(folder)) {
            if (LEGACY_TEMPORARY.matcher(file.getFileName().toString()).matches() && Files.isRegularFile(file)
                    && isOld(file, minAge)) {
                Files.deleteIfExists(file);
                removed.add(file);
            }
        }
        return removed;
    }

    private List<Path> removeLegacyTemporaries() throws IOException {
        List<Path> removed = removeOldTemporaries(uploads.root(), minAge);
        removed.forEach(file -> LOG.log(Level.INFO, "removed a temporary file left by a stopped run: " + file));
        return removed;
    }

    /** Nothing in it changed for {@code minAge}. */
    private static boolean isOld(Path path, Duration minAge) throws IOException {
        Instant limit = Instant.now().minus(minAge);
        try (Stream<Path> inside = Files.walk(path)) {
            for (Path each : inside.toList()) {
                FileTime modified = Files.getLastModifiedTime(each);
                if (modified.toInstant().isAfter(limit)) {
                    return false;
                }
            }
        } catch (NoSuchFileException gone) {
            return false; // its attempt is cleaning up right now
        }
        return true;
    }

    private static List<Path> children(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.toList();
        }
    }
}
