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
import dev.mlpipeline.core.port.VideoStore;
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
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Cleans up after attempts that died: the killed, the paused past their lease, the given up on.
 * <ul>
 * <li>It removes the outputs that no attempt will ever finish and nobody points to. An attempt folder
 * is kept while its attempt holds the job (even with an expired lease: the attempt may be paused, and
 * cleans up itself), while the job's result or its video points into it, and while anything in it
 * changed less than {@code minAge} ago (a lease: an attempt cut off from the database may still be
 * writing). Temporary files are removed at the same age, also from folders kept for their result, and
 * those that older versions left beside the uploads.</li>
 * <li>It brings videos still marked {@code processing} in line with how their job ended, for a worker
 * that died between finishing a job and updating its video.</li>
 * </ul>
 * One odd document or file is logged and passed over; it never stops the rest. Thread-safe.
 */
public final class Janitor {
    private static final System.Logger LOG = System.getLogger(Janitor.class.getName());
    private static final int VIDEOS_PER_SWEEP = 100;
    private static final Pattern TEMPORARY = LocalVideoStore.TEMPORARY;
    private static final Pattern ATTEMPT = Pattern.compile("(\\d{1,9})-.+");

    private final UploadFolder uploads;
    private final JobRepository jobs;
    private final VideoCatalog videos;
    private final Clock clock;
    private final Duration minAge;
    // the output store when it is not the upload folder itself: its attempts are swept by the same rules
    private final VideoStore store;
    // job folders found settled (a finished job, nothing left but its result), by the folder's time:
    // not read again until the folder changes, so a sweep does not grow with every job ever run
    private final Map<JobId, FileTime> settled = new ConcurrentHashMap<>();

    /**
     * A janitor of the upload folder, where attempts write and outputs are published.
     *
     * @param uploads the upload folder
     * @param jobs the queue
     * @param videos the videos
     * @param clock the time for the output store's ages
     * @param minAge how long nothing in an attempt must have changed before it goes
     * @throws NullPointerException when an argument is null
     */
    public Janitor(UploadFolder uploads, JobRepository jobs, VideoCatalog videos, Clock clock, Duration minAge) {
        this(Storage.local(uploads), jobs, videos, clock, minAge);
    }

    /**
     * Sweeps the work folder of {@code storage} and, when outputs are published elsewhere, its output store.
     *
     * @param storage the work folder and the output store
     * @param jobs the queue
     * @param videos the videos
     * @param clock the time for the output store's ages
     * @param minAge how long nothing in an attempt must have changed before it goes
     * @throws NullPointerException when an argument is null
     */
    public Janitor(Storage storage, JobRepository jobs, VideoCatalog videos, Clock clock, Duration minAge) {
        this.uploads = storage.work();
        this.store = storage.inPlace() ? null : storage.output();
        this.jobs = Objects.requireNonNull(jobs);
        this.videos = Objects.requireNonNull(videos);
        this.clock = Objects.requireNonNull(clock);
        this.minAge = Objects.requireNonNull(minAge);
    }

    /**
     * Repairs videos and sweeps every job's outputs and the old temporaries; returns the files removed.
     * A job or a video that cannot be handled is logged and passed over.
     *
     * @return the files and folders removed, and the keys removed from the output store as paths
     * @throws IOException when the upload folder cannot be read
     * @throws dev.mlpipeline.core.port.StoreUnavailableException when the videos to repair cannot be listed
     */
    public List<Path> sweep() throws IOException {
        repairVideos();
        List<Path> removed = new ArrayList<>(removeOldTemporaries(uploads.root(), minAge));
        for (Path jobFolder : children(uploads.root().resolve(UploadFolder.OUTPUTS))) {
            String name = jobFolder.getFileName().toString();
            if (Files.isDirectory(jobFolder) && ObjectIds.isValid(name)) {
                JobId job = JobId.parse(name);
                if (!modified(jobFolder).equals(settled.get(job))) {
                    removed.addAll(sweepSafely(job, minAge, Integer.MAX_VALUE));
                }
            }
        }
        if (store != null) {
            sweepStore().forEach(key -> removed.add(Path.of(key)));
        }
        return removed;
    }

    /**
     * Sweeps the output store's attempts by the folder's rules: an attempt's objects go once nothing
     * keeps them (it does not hold its job, nothing points into it) and none changed for {@code minAge};
     * the temporaries of unfinished uploads go at that age too, unless their attempt still holds the job.
     * Returns the keys removed.
     */
    private List<String> sweepStore() {
        Map<String, List<VideoStore.Entry>> attempts = new TreeMap<>();
        try {
            for (VideoStore.Entry entry : store.list(UploadFolder.OUTPUTS + "/")) {
                String[] parts = entry.key().split("/", 4);
                if (parts.length == 4 && ObjectIds.isValid(parts[1])) {
                    attempts.computeIfAbsent(parts[1] + "/" + parts[2], k -> new ArrayList<>()).add(entry);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "could not list the output store's attempts: " + e);
            return List.of();
        }
        List<String> removed = new ArrayList<>();
        Instant limit = clock.now().minus(minAge);
        attempts.forEach((name, entries) -> {
            try {
                removed.addAll(sweepStored(name, entries, limit));
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "could not sweep the stored outputs of " + name + ": " + e);
            }
        });
        return removed;
    }

    private List<String> sweepStored(String name, List<VideoStore.Entry> entries, Instant limit) throws IOException {
        String[] parts = name.split("/");
        Optional<Job> job = jobs.findById(JobId.parse(parts[0]));
        if (job.isPresent() && job.get().token() != null && UploadFolder.isAttemptOf(parts[1], job.get().token())) {
            return List.of();
        }
        boolean old = entries.stream().noneMatch(e -> e.modified().isAfter(limit));
        String prefix = store.urlOf(UploadFolder.OUTPUTS + "/" + name) + "/";
        boolean kept = job.isEmpty() || !old
                || isPointedTo(job.get(), job.flatMap(j -> videos.find(j.videoId())), prefix);
        List<String> removed = new ArrayList<>();
        for (VideoStore.Entry entry : entries) {
            if (!kept || entry.isTemporary() && !entry.modified().isAfter(limit)) {
                store.delete(entry);
                removed.add(entry.key());
            }
        }
        if (!removed.isEmpty()) {
            LOG.log(Level.INFO, "removed " + removed.size() + " stored outputs of an unfinished attempt: " + name);
        }
        return removed;
    }

    /**
     * Removes, whatever their age, the folders of the attempts at a job numbered below {@code current}:
     * called by the attempt that took the job over, so they are known to have lost it. Later attempts
     * are left alone: this caller may itself be a late one.
     *
     * @param current the token of the attempt that holds the job now
     * @return the folders and files removed; empty, after logging, when the job's folder cannot be swept
     */
    public List<Path> clearEarlierAttempts(LeaseToken current) {
        return sweepSafely(current.jobId(), Duration.ZERO, current.attempt());
    }

    private List<Path> sweepSafely(JobId jobId, Duration age, int below) {
        try {
            return sweep(jobId, age, below);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "could not sweep the outputs of job " + jobId + ": " + e);
            return List.of();
        }
    }

    private List<Path> sweep(JobId jobId, Duration age, int below) throws IOException {
        Path jobFolder = uploads.jobFolder(jobId);
        Optional<Job> job = jobs.findById(jobId);
        Optional<Video> video = job.flatMap(j -> videos.find(j.videoId()));
        boolean done = job.map(j -> j.status().isTerminal()).orElse(false);
        List<Path> removed = new ArrayList<>();
        for (Path attempt : children(jobFolder)) {
            Matcher name = ATTEMPT.matcher(attempt.getFileName().toString());
            if (!name.matches() || !Files.isDirectory(attempt) || Integer.parseInt(name.group(1)) >= below) {
                done = false;
            } else if (job.isEmpty()) {
                // a job someone deleted: what it published may still be shown somewhere, its temporaries not
                removed.addAll(removeOldTemporaries(attempt, age));
            } else if (isLive(job.get(), attempt)) {
                done = false;
            } else if (isPointedTo(job.get(), video, attempt)) {
                // a kill between publishing a file and removing its temporary name leaves that name
                removed.addAll(removeOldTemporaries(attempt, age));
            } else if (isOld(attempt, age)) {
                FileOps.deleteTree(attempt);
                LOG.log(Level.INFO, "removed the outputs of an unfinished attempt: " + attempt);
                removed.add(attempt);
            } else {
                done = false;
            }
        }
        try {
            Files.deleteIfExists(jobFolder);
        } catch (DirectoryNotEmptyException e) {
            if (done) {
                settled.put(jobId, modified(jobFolder));
            }
        }
        return removed;
    }

    /** Each video an attempt left processing whose job has ended gets the job's outcome. */
    private void repairVideos() {
        for (Video video : videos.listProcessing(VIDEOS_PER_SWEEP)) {
            try {
                repair(video, video.pipelineLease());
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "could not bring video " + video.id() + " in line with its job: " + e);
            }
        }
    }

    private void repair(Video video, LeaseToken taken) {
        Optional<Job> job = jobs.findById(taken.jobId());
        if (job.isEmpty() || !job.get().status().isTerminal()) {
            return;
        }
        Job ended = job.get();
        boolean repaired;
        if (ended.status() == JobStatus.COMPLETED && ended.result() != null) {
            repaired = videos.markCompleted(video.id(), taken, ended.result(), clock.now());
        } else if (ended.status() == JobStatus.CANCELLED) {
            // fenced by the attempt the video records: a retry's new attempt may have taken it meanwhile
            repaired = videos.markCancelled(video.id(), taken, clock.now());
        } else {
            // failed by the attempt that took the video, by a later one, given up on, or ended by hand
            repaired = videos.markAbandoned(video.id(), ended.id(), String.valueOf(ended.error()), clock.now());
        }
        if (repaired) {
            LOG.log(Level.INFO, "video " + video.id() + " brought in line with job " + ended.id() + ": "
                    + ended.status().wire());
        }
    }

    private static boolean isLive(Job job, Path attempt) {
        return job.token() != null && UploadFolder.isFolderOf(attempt, job.token());
    }

    private boolean isPointedTo(Job job, Optional<Video> video, Path attempt) {
        return isPointedTo(job, video, uploads.urlOf(attempt) + "/");
    }

    private static boolean isPointedTo(Job job, Optional<Video> video, String prefix) {
        JobResult result = job.result();
        return result != null && (startsWith(result.annotatedVideoUrl(), prefix)
                || startsWith(result.detectionsUrl(), prefix))
                || video.map(v -> startsWith(v.annotatedVideoUrl(), prefix)).orElse(false);
    }

    private static boolean startsWith(String url, String prefix) {
        return url != null && url.startsWith(prefix);
    }

    private static List<Path> removeOldTemporaries(Path folder, Duration age) throws IOException {
        List<Path> removed = new ArrayList<>();
        for (Path file : children(folder)) {
            if (TEMPORARY.matcher(file.getFileName().toString()).matches() && Files.isRegularFile(file)
                    && isOld(file, age)) {
                Files.deleteIfExists(file);
                LOG.log(Level.INFO, "removed a temporary file left by a stopped run: " + file);
                removed.add(file);
            }
        }
        return removed;
    }

    /** Nothing in it changed for {@code age}. */
    private static boolean isOld(Path path, Duration age) throws IOException {
        Instant limit = Instant.now().minus(age);
        try (Stream<Path> inside = Files.walk(path)) {
            for (Path each : inside.toList()) {
                if (Files.getLastModifiedTime(each).toInstant().isAfter(limit)) {
                    return false;
                }
            }
        } catch (NoSuchFileException gone) {
            return false; // its attempt is cleaning up right now
        }
        return true;
    }

    private static FileTime modified(Path folder) {
        try {
            return Files.getLastModifiedTime(folder);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
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
