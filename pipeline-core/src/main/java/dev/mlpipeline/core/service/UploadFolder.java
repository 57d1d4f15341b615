package dev.mlpipeline.core.service;

import dev.mlpipeline.core.domain.JobId;
import dev.mlpipeline.core.domain.LeaseToken;
import dev.mlpipeline.core.domain.Video;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The folder of uploaded files ({@code UPLOAD_DIR}), published as {@code /uploads/}. Resolves a video's
 * {@code storage_url} to its file without ever leaving the folder, and names each attempt's outputs.
 */
public final class UploadFolder {
    /** The folder, under the upload folder, that holds every attempt's outputs. */
    public static final String OUTPUTS = "annotated";

    private final Path root;

    public UploadFolder(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /**
     * The video's file. Throws {@link UnsafePathException} when the storage URL leads outside the
     * folder (through {@code ..}, an absolute path or a symbolic link) and {@link NoSuchFileException}
     * when there is no such regular file.
     */
    public Path resolve(Video video) throws IOException {
        return resolve(video.storageUrl(), "storage_url", "video file");
    }

    /** The file that {@code url} ({@code /uploads/...} or a relative path) names; as {@link #resolve(Video)}. */
    public Path resolve(String url) throws IOException {
        return resolve(url, Storage.URL, Storage.FILE);
    }

    private Path resolve(String url, String field, String what) throws IOException {
        String relative = Video.relativePath(url);
        if (relative.isBlank()) {
            throw new UnsafePathException("video has no " + field);
        }
        Path candidate;
        try {
            candidate = root.resolve(relative).normalize();
        } catch (RuntimeException e) {
            throw new UnsafePathException(field + " is not a usable path: " + url);
        }
        if (Path.of(relative).isAbsolute() || !candidate.startsWith(root) || candidate.equals(root)) {
            throw new UnsafePathException(field + " leads outside UPLOAD_DIR: " + url);
        }
        if (!Files.exists(candidate)) {
            throw new NoSuchFileException(what + " not found: " + relative);
        }
        // a symbolic link inside the folder may still point outside it
        Path real = candidate.toRealPath();
        if (!real.startsWith(Files.exists(root) ? root.toRealPath() : root)) {
            throw new UnsafePathException(field + " leads outside UPLOAD_DIR through a link: " + url);
        }
        if (!Files.isRegularFile(real)) {
            throw new NoSuchFileException(what + " not found: " + relative + " is not a file");
        }
        return real;
    }

    /**
     * The folder that one attempt at a job writes into and nobody else does:
     * {@code annotated/<job id>/<attempt>-<worker id>/}. Outputs live there for good once the job points
     * to them, so no later job and no late attempt can ever replace a published file.
     */
    public Path attemptFolder(LeaseToken token) {
        return jobFolder(token.jobId()).resolve(attemptName(token));
    }

    /** The attempt's folder as a key in a store: {@code annotated/<job>/<attempt>-<worker>}. */
    public static String attemptKey(LeaseToken token) {
        return OUTPUTS + "/" + token.jobId().hex() + "/" + attemptName(token);
    }

    /** Whether {@code name} (a folder's or a key's last part) is the attempt of {@code token}. */
    public static boolean isAttemptOf(String name, LeaseToken token) {
        return name.equals(attemptName(token));
    }

    /** The folder of every attempt at a job. */
    public Path jobFolder(JobId job) {
        return root.resolve(OUTPUTS).resolve(job.hex());
    }

    /** Where the annotated video of {@code input} goes: {@code annotated_<stem>.mp4}, the origin's name. */
    public static Path annotatedVideo(Path folder, Path input) {
        return folder.resolve("annotated_" + stem(input) + ".mp4");
    }

    /** A category's own annotated video beside the run's: {@code annotated_<stem>.<category>.mp4}. */
    public static Path categoryVideo(Path video, String category) {
        String name = video.getFileName().toString();
        String stem = name.endsWith(".mp4") ? name.substring(0, name.length() - ".mp4".length()) : name;
        return video.resolveSibling(stem + "." + category + ".mp4");
    }

    /** Where the per-frame detections of {@code input} go: {@code annotated_<stem>.detections.json}. */
    public static Path detections(Path folder, Path input) {
        return folder.resolve("annotated_" + stem(input) + ".detections.json");
    }

    /**
     * Where the map layer of a run goes, beside its detections file: {@code annotated_<stem>.objects.geojson}
     * for {@code annotated_<stem>.detections.json} (any other name gets {@code .objects.geojson} appended).
     */
    public static Path objectsBeside(Path detections) {
        String name = detections.getFileName().toString();
        String stem = name.endsWith(".detections.json") ? name.substring(0, name.length() - ".detections.json".length())
                : name;
        return detections.resolveSibling(stem + ".objects.geojson");
    }

    /** Whether {@code folder} is the attempt folder of {@code token} (as {@link #attemptFolder} names it). */
    public static boolean isFolderOf(Path folder, LeaseToken token) {
        return isAttemptOf(folder.getFileName().toString(), token);
    }

    /** Removes an attempt's folder with everything in it, and its job's folder once that is empty. */
    public void deleteAttempt(LeaseToken token) throws IOException {
        Path folder = attemptFolder(token);
        FileOps.deleteTree(folder);
        try {
            Files.deleteIfExists(folder.getParent());
        } catch (DirectoryNotEmptyException e) {
            // other attempts of the job keep their files
        }
    }

    // worker ids name folders: keep them to characters every file system takes
    private static String attemptName(LeaseToken token) {
        return token.attempt() + "-" + token.workerId().replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /** The public URL of a file in the folder, as the main backend serves it. */
    public String urlOf(Path file) {
        return Video.UPLOADS_PREFIX + root.relativize(file.toAbsolutePath().normalize()).toString().replace('\\', '/');
    }

    /** The file name without its last extension: {@code clip} for {@code clip.mp4}. */
    public static String stem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /** A storage URL that would read a file outside the upload folder. */
    public static final class UnsafePathException extends IOException {
        public UnsafePathException(String message) {
            super(message);
        }
    }
}
