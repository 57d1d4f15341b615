package dev.mlpipeline.s3;

import dev.mlpipeline.core.port.VideoStore;
import dev.mlpipeline.core.service.FileOps;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Local copies of remote objects, for the decoder, which reads files. Bounded: besides the copies in use,
 * it keeps at most {@code maxBytes}, dropping the least recently used first. A copy is named by the
 * object's URL and version (its ETag), so a replaced object is fetched again and never read stale; each
 * copy keeps the object's file name, which names the outputs. Thread-safe: two jobs opening one object
 * share its copy; a copy is deleted only once nobody has it open.
 */
final class InputCache {
    /** Fetches an object into a file. */
    interface Fetch {
        void into(Path file) throws IOException;
    }

    // each copy's folder: 24 hex digits of its digest, and nothing else here has such a name
    private static final Pattern COPY_NAME = Pattern.compile("[0-9a-f]{24}");

    private final Path folder;
    private final long maxBytes;
    // access order: the first entry is the least recently used
    private final Map<String, Copy> copies = new LinkedHashMap<>(16, 0.75f, true);
    private long bytes;

    /** A cache in {@code folder}, which loses the copies that an earlier run left there. */
    InputCache(Path folder, long maxBytes) throws IOException {
        this.folder = Objects.requireNonNull(folder);
        this.maxBytes = maxBytes;
        Files.createDirectories(folder);
        try (Stream<Path> earlier = Files.list(folder)) {
            for (Path copy : earlier.filter(p -> COPY_NAME.matcher(p.getFileName().toString()).matches()).toList()) {
                FileOps.deleteTree(copy);
            }
        }
    }

    /** The copy of {@code url} at {@code version}, fetched when there is none, open until the input is closed. */
    VideoStore.Input open(String url, String version, String fileName, Fetch fetch) throws IOException {
        String id = digest(url + "\n" + version);
        Copy copy;
        synchronized (this) {
            copy = copies.get(id);
            if (copy != null) {
                copy.users++;
                return input(id, copy);
            }
        }
        Path file = folder.resolve(id).resolve(fileName);
        Files.createDirectories(file.getParent());
        Path partial = file.resolveSibling("." + fileName + "." + Thread.currentThread().getId() + ".part");
        try {
            fetch.into(partial);
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(partial);
        }
        synchronized (this) {
            Copy other = copies.get(id);
            if (other != null) {
                // another job fetched it meanwhile, into the same name: one copy, shared
                other.users++;
                return input(id, other);
            }
            copy = new Copy(file, Files.size(file));
            copy.users = 1;
            copies.put(id, copy);
            bytes += copy.size;
            evict();
            return input(id, copy);
        }
    }

    /** The bytes the kept copies take, in use or not. */
    synchronized long bytes() {
        return bytes;
    }

    private VideoStore.Input input(String id, Copy copy) {
        return new VideoStore.Input() {
            private boolean closed;

            @Override
            public Path file() {
                return copy.file;
            }

            @Override
            public void close() {
                synchronized (InputCache.this) {
                    if (!closed) {
                        closed = true;
                        copy.users--;
                        evict();
                    }
                }
            }
        };
    }

    private void evict() {
        for (Iterator<Map.Entry<String, Copy>> it = copies.entrySet().iterator(); it.hasNext() && bytes > maxBytes; ) {
            Copy copy = it.next().getValue();
            if (copy.users == 0) {
                it.remove();
                bytes -= copy.size;
                try {
                    Files.deleteIfExists(copy.file);
                    Files.deleteIfExists(copy.file.getParent());
                } catch (IOException e) {
                    throw new UncheckedIOException("could not drop a cached copy: " + copy.file, e);
                }
            }
        }
    }

    private static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static final class Copy {
        final Path file;
        final long size;
        int users;

        Copy(Path file, long size) {
            this.file = file;
            this.size = size;
        }
    }
}
