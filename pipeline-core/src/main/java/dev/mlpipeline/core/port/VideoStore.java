package dev.mlpipeline.core.port;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where videos and the outputs made of them live: the upload folder, an S3 bucket. Inputs are named by the
 * URLs that documents hold ({@code /uploads/clip.mp4}, {@code s3://bucket/clip.mp4}); outputs by keys,
 * relative {@code /}-separated names under the store's own place, which {@link #urlOf} turns into URLs.
 * Implementations are thread-safe.
 *
 * <p>Publishing is the store's promise to the queue's fencing: an object appears whole or not at all,
 * and an object once published is never replaced. Each attempt at a job writes under keys of its own
 * ({@code annotated/<job>/<attempt>-<worker>/...}), so a late attempt has nothing of anyone else's to
 * replace, and a store that could not refuse to replace would still not be asked to.
 */
public interface VideoStore {

    /**
     * Whether {@code url} names an object of this store, so that {@link #open} can read it.
     *
     * @param url a URL that a document holds
     * @return true when this store reads such URLs; the object need not exist
     */
    boolean holds(String url);

    /**
     * The object named by {@code url} as a local file, readable until the input is closed: the file itself
     * where the store is a folder, a copy in a bounded cache where it is remote. Throws
     * {@link java.nio.file.NoSuchFileException} when there is no such object, and another
     * {@link IOException} when the URL is not one this store may read (outside its folder, say).
     *
     * @param url a URL that {@link #holds} accepts
     * @return the input, to be closed
     * @throws java.nio.file.NoSuchFileException when there is no such object
     * @throws IOException when the URL is not one this store may read, or the object cannot be read
     */
    Input open(String url) throws IOException;

    /**
     * The URL that documents hold for the object under {@code key}, published or not.
     *
     * @param key the object's key
     * @return the URL
     */
    String urlOf(String key);

    /**
     * Publishes the local {@code file} as the object under {@code key} in one step: a reader sees all of
     * its bytes or no object. Throws {@link java.nio.file.FileAlreadyExistsException}, changing nothing,
     * when the key is taken. The file stays where it is.
     *
     * @param file the local file to publish; not changed
     * @param key the key to publish it under
     * @throws java.nio.file.FileAlreadyExistsException when the key is taken
     * @throws IOException when the object cannot be published
     */
    void publish(Path file, String key) throws IOException;

    /**
     * Everything under keys that start with {@code prefix}: published objects and the temporaries of
     * publications that never finished (a worker killed in the middle); empty when there is nothing.
     *
     * @param prefix what the keys start with
     * @return the entries, in no particular order
     * @throws IOException when the store cannot be listed
     */
    List<Entry> list(String prefix) throws IOException;

    /**
     * Removes an object or a temporary; nothing happens when it is gone already.
     *
     * @param entry what {@link #list} gave
     * @throws IOException when it cannot be removed
     */
    void delete(Entry entry) throws IOException;

    /**
     * A link that a browser may follow, with no credentials of the store, to read the object under
     * {@code url} (which need not exist: the link then answers 404), valid for {@code valid}. Empty when
     * this store gives no such links, or {@code url} is not among its outputs: a link must not open
     * what the store may read but did not publish. The upload folder gives none (the service serves it
     * at {@code /uploads/}); S3 gives a presigned GET.
     *
     * @param url a URL that {@link #holds} accepts
     * @param valid how long the link is to work
     * @return the link, or empty
     * @throws IOException when the store cannot make one (no credentials, say)
     */
    default Optional<URI> readLink(String url, Duration valid) throws IOException {
        return Optional.empty();
    }

    /** A store's object as a local file; closing it lets the store drop a cached copy. */
    interface Input extends AutoCloseable {
        /** {@return the object as a local file, readable until the input is closed} */
        Path file();

        @Override
        void close();
    }

    /**
     * One thing in a store: {@code key}, when it last changed, and, for a temporary, the store's own
     * handle on it (an unfinished upload's id, a temporary file's name); null for a published object.
     *
     * @param key the key it is under
     * @param modified when it last changed
     * @param temporary the store's handle on a temporary, or null for a published object
     */
    record Entry(String key, Instant modified, String temporary) {
        /**
         * Checks the parts.
         *
         * @param key the key, not null
         * @param modified when it last changed, not null
         * @param temporary the handle on a temporary, or null
         * @throws NullPointerException when {@code key} or {@code modified} is null
         */
        public Entry {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(modified, "modified");
        }

        /**
         * Whether this is the temporary of a publication that never finished, rather than an object.
         *
         * @return true when it has a {@link #temporary()} handle
         */
        public boolean isTemporary() {
            return temporary != null;
        }
    }
}
