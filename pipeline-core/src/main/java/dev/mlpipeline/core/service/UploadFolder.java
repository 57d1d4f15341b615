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

    /**
     * The upload folder at {@code root}, which need not exist yet.
     *
     * @param root the folder; made absolute and normalized
     */
    public UploadFolder(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** {@return the folder, absolute and normalized} */
    public Path root() {
        return root;
    }

    /**
     * The video's file. Throws {@link UnsafePathException} when the storage URL leads outside the
     * folder (through {@code ..}, an absolute path or a symbolic link) and {@link NoSuchFileException}
     * when there is no such regular file.
     *
     * @param video the video, whose {@code storage_url} names the file
     * @return the file's real path, inside the folder
     * @throws UnsafePathException when the storage URL is missing or leads outside the folder
     * @throws NoSuchFileException when there is no such regular file
     * @throws IOException when the file's real path cannot be read
     */
    public Path resolve(Video video) throws IOException {
        return resolve(video.storageUrl(), "storage_url", "video file");
    }

    /**
     * The file that {@code url} ({@code /uploads/...} or a relative path) names; as {@link #resolve(Video)}.
     *
     * @param url the URL or relative path
     * @return the file's real path, inside the folder
     * @throws UnsafePathException when {@code url} is null, blank or leads outside the folder
     * @throws NoSuchFileException when there is no such regular file
     * @throws IOException when the file's real path cannot be read
     */
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
     *
     * @param token the attempt's token
     * @return the folder's path; the folder is not created
     */
    public Path attemptFolder(LeaseToken token) {
        return jobFolder(token.jobId()).resolve(attemptName(token));
    }

    /**
     * The attempt's folder as a key in a store: {@code annotated/<job>/<attempt>-<worker>}.
     *
     * @param token the attempt's token
     * @return the key, without a trailing {@code /}; characters of the worker id that not every file system
     *     takes become {@code _}
     */
    public static String attemptKey(LeaseToken token) {
        return OUTPUTS + "/" + token.jobId().hex() + "/" + attemptName(token);
    }

    /**
     * Whether {@code name} (a folder's or a key's last part) is the attempt of {@code token}.
     *
     * @param name the last part of a folder's path or of a key
     * @param token the attempt's token
     * @return true when {@code name} is the attempt's {@code <attempt>-<worker>}
     */
    public static boolean isAttemptOf(String name, LeaseToken token) {
        return name.equals(attemptName(token));
    }

    /**
     * The folder of every attempt at a job.
     *
     * @param job the job's id
     * @return {@code annotated/<job id>} in the upload folder; the folder is not created
     */
    public Path jobFolder(JobId job) {
        return root.resolve(OUTPUTS).resolve(job.hex());
    }

    /**
     * Where the annotated video of {@code input} goes: {@code annotated_<stem>.mp4}, the origin's name.
     *
     * @param folder the folder it goes into
     * @param input the input video
     * @return the path in {@code folder}
     */
    public static Path annotatedVideo(Path folder, Path input) {
        return folder.resolve("annotated_" + stem(input) + ".mp4");
    }

    /**
     * A category's own annotated video beside the run's: {@code annotated_<stem>.<category>.mp4}.
     *
     * @param video the run's annotated video
     * @param category the model category
     * @return the path beside {@code video}
     */
    public static Path categoryVideo(Path video, String category) {
        String name = video.getFileName().toString();
        String stem = name.endsWith(".mp4") ? name.substring(0, name.length() - ".mp4".length()) : name;
        return video.resolveSibling(stem + "." + category + ".mp4");
    }

    /**
     * Where the per-frame detections of {@code input} go: {@code annotated_<stem>.detections.json}.
     *
     * @param folder the folder they go into
     * @param input the input video
     * @return the path in {@code folder}
     */
    public static Path detections(Path folder, Path input) {
        return folder.resolve("annotated_" + stem(input) + ".detections.json");
    }

    /**
     * Where the map layer of a run goes, beside its detections file: {@code annotated_<stem>.objects.geojson}
     * for {@code annotated_<stem>.detections.json} (any other name gets {@code .objects.geojson} appended).
     *
     * @param detections the run's detections file
     * @return the path beside {@code detections}
     */
    public static Path objectsBeside(Path detections) {
        String name = detections.getFileName().toString();
        String stem = name.endsWith(".detections.json") ? name.substring(0, name.length() - ".detections.json".length())
                : name;
        return detections.resolveSibling(stem + ".objects.geojson");
    }

    /**
     * Whether {@code folder} is the attempt folder of {@code token} (as {@link #attemptFolder} names it).
     *
     * @param folder a folder under a job's folder
     * @param token the attempt's token
     * @return true when the folder's name is the attempt's; the job's folder is not compared
     */
    public static boolean isFolderOf(Path folder, LeaseToken token) {
        return isAttemptOf(folder.getFileName().toString(), token);
    }

    /**
     * Removes an attempt's folder with everything in it, and its job's folder once that is empty.
     * Nothing happens when the folder does not exist.
     *
     * @param token the attempt's token
     * @throws IOException when something cannot be removed
     */
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

    /**
     * The public URL of a file in the folder, as the main backend serves it.
     *
     * @param file a file in the folder
     * @return {@code /uploads/} followed by the file's path in the folder, with {@code /} between names
     */
    public String urlOf(Path file) {
        return Video.UPLOADS_PREFIX + root.relativize(file.toAbsolutePath().normalize()).toString().replace('\\', '/');
    }

    /**
     * The file name without its last extension: {@code clip} for {@code clip.mp4}.
     *
     * @param file the file
     * @return the name without its last extension; the whole name when it has none or starts with its only dot
     */
    public static String stem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /** A storage URL that would read a file outside the upload folder. */
    public static final class UnsafePathException extends IOException {
        /**
         * A URL that was refused.
         *
         * @param message what was wrong with it, for a person to read
         */
        public UnsafePathException(String message) {
            super(message);
        }
    }
}
