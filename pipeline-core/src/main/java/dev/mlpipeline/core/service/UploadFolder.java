package dev.mlpipeline.core.service;

import dev.mlpipeline.core.domain.Video;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The folder of uploaded files ({@code UPLOAD_DIR}), published as {@code /uploads/}. Resolves a video's
 * {@code storage_url} to its file without ever leaving the folder, and names the outputs beside it.
 */
public final class UploadFolder {
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
        String relative = video.relativePath();
        if (relative.isBlank()) {
            throw new UnsafePathException("video has no storage_url");
        }
        Path candidate;
        try {
            candidate = root.resolve(relative).normalize();
        } catch (RuntimeException e) {
            throw new UnsafePathException("storage_url is not a usable path: " + video.storageUrl());
        }
        if (Path.of(relative).isAbsolute() || !candidate.startsWith(root) || candidate.equals(root)) {
            throw new UnsafePathException("storage_url leads outside UPLOAD_DIR: " + video.storageUrl());
        }
        if (!Files.exists(candidate)) {
            throw new NoSuchFileException("video file not found: " + relative);
        }
        // a symbolic link inside the folder may still point outside it
        Path real = candidate.toRealPath();
        if (!real.startsWith(Files.exists(root) ? root.toRealPath() : root)) {
            throw new UnsafePathException("storage_url leads outside UPLOAD_DIR through a link: " + video.storageUrl());
        }
        if (!Files.isRegularFile(real)) {
            throw new NoSuchFileException("video file not found: " + relative + " is not a file");
        }
        return real;
    }

    /** Where the annotated video of {@code input} goes: {@code annotated_<stem>.mp4} in the folder. */
    public Path annotatedVideo(Path input) {
        return root.resolve("annotated_" + stem(input) + ".mp4");
    }

    /** Where the per-frame detections of {@code input} go: {@code annotated_<stem>.detections.json}. */
    public Path detections(Path input) {
        return root.resolve("annotated_" + stem(input) + ".detections.json");
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
