package dev.mlpipeline.core.service;

import dev.mlpipeline.core.port.VideoStore;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The upload folder as a {@link VideoStore}: keys are paths under it and URLs {@code /uploads/<key>}, as the
 * main backend serves them. Publishing copies to a temporary name beside the target and links it to its
 * name in one step that never replaces a file ({@link FileOps#publish}). A file that already is the object
 * under its key (an attempt's output, named in place) is left as it is, so the local case copies nothing.
 * Thread-safe.
 */
public final class LocalVideoStore implements VideoStore {
    /** The names temporaries have: {@code .annotated_x.<hex>.part.mp4}, {@code .annotated_x.json.<uuid>.part}. */
    public static final Pattern TEMPORARY = Pattern.compile("\\..+\\.part(\\.mp4)?");

    private final UploadFolder folder;

    /**
     * The store of {@code folder}.
     *
     * @param folder the upload folder
     * @throws NullPointerException when {@code folder} is null
     */
    public LocalVideoStore(UploadFolder folder) {
        this.folder = Objects.requireNonNull(folder);
    }

    /** {@return the upload folder} */
    public UploadFolder folder() {
        return folder;
    }

    /** Every URL without a scheme: {@code /uploads/...} and the bare relative paths older documents hold. */
    @Override
    public boolean holds(String url) {
        return url != null && !url.contains("://");
    }

    @Override
    public Input open(String url) throws IOException {
        Path file = folder.resolve(url);
        return new Input() {
            @Override
            public Path file() {
                return file;
            }

            @Override
            public void close() {
                // the upload folder's own file: nothing to release
            }
        };
    }

    @Override
    public String urlOf(String key) {
        return folder.urlOf(pathOf(key));
    }

    @Override
    public void publish(Path file, String key) throws IOException {
        Path target = pathOf(key);
        if (Files.exists(target)) {
            if (Files.isSameFile(file, target)) {
                return;
            }
            throw new FileAlreadyExistsException(key);
        }
        Files.createDirectories(target.getParent());
        Path temporary = FileOps.temporaryFor(target);
        try {
            Files.copy(file, temporary);
            FileOps.publish(temporary, target);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    @Override
    public List<Entry> list(String prefix) throws IOException {
        int slash = prefix.lastIndexOf('/');
        Path start = slash < 0 ? folder.root() : pathOf(prefix.substring(0, slash));
        if (!Files.isDirectory(start)) {
            return List.of();
        }
        List<Entry> entries = new ArrayList<>();
        try (Stream<Path> files = Files.walk(start)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String key = folder.root().relativize(file).toString().replace('\\', '/');
                if (key.startsWith(prefix)) {
                    String name = file.getFileName().toString();
                    entries.add(new Entry(key, Files.getLastModifiedTime(file).toInstant(),
                            TEMPORARY.matcher(name).matches() ? name : null));
                }
            }
        }
        return entries;
    }

    @Override
    public void delete(Entry entry) throws IOException {
        Files.deleteIfExists(pathOf(entry.key()));
    }

    private Path pathOf(String key) throws IllegalArgumentException {
        Path path = folder.root().resolve(key).normalize();
        if (key.isBlank() || Path.of(key).isAbsolute() || !path.startsWith(folder.root())
                || path.equals(folder.root())) {
            throw new IllegalArgumentException("key outside the upload folder: " + key);
        }
        return path;
    }
}
