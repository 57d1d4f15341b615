package dev.mlpipeline.core.service;

import dev.mlpipeline.core.domain.LeaseToken;
import dev.mlpipeline.core.port.VideoStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Where a job's video comes from and where its outputs go. An attempt always writes into its own local
 * folder ({@link UploadFolder#attemptFolder}). When the output store is that same upload folder, the files
 * are published where they are written; otherwise the finished files are published to the store, each
 * under the attempt's key ({@code annotated/<job>/<attempt>-<worker>/<file>}), and the local folder goes.
 * Inputs are read from the first store that holds their URL. Immutable and thread-safe.
 */
public final class Storage {
    // how stores' messages name what they could not read, so that a caller can name it better
    static final String URL = "URL";
    static final String FILE = "file";

    private final UploadFolder work;
    private final VideoStore output;
    private final List<VideoStore> inputs;

    /**
     * Attempts write into {@code work}, outputs are published to {@code output}, inputs are read from the
     * first of {@code inputs} that holds their URL.
     *
     * @param work the folder attempts write into
     * @param output the store outputs are published to
     * @param inputs the stores inputs are read from, in the order they are asked; copied
     * @throws NullPointerException when an argument is null, or {@code inputs} holds null
     */
    public Storage(UploadFolder work, VideoStore output, List<VideoStore> inputs) {
        this.work = Objects.requireNonNull(work);
        this.output = Objects.requireNonNull(output);
        this.inputs = List.copyOf(inputs);
    }

    /**
     * Everything in the upload folder, as before there were stores.
     *
     * @param uploads the upload folder
     * @return storage that reads, writes and publishes in {@code uploads}, in place
     */
    public static Storage local(UploadFolder uploads) {
        LocalVideoStore store = new LocalVideoStore(uploads);
        return new Storage(uploads, store, List.of(store));
    }

    /** {@return the folder attempts write into} */
    public UploadFolder work() {
        return work;
    }

    /** {@return the store outputs are published to} */
    public VideoStore output() {
        return output;
    }

    /**
     * Whether outputs are published where attempts write them: the output store is the work folder.
     *
     * @return true when the output store is a {@link LocalVideoStore} of the work folder
     */
    public boolean inPlace() {
        return output instanceof LocalVideoStore local && local.folder().root().equals(work.root());
    }

    /**
     * Opens the object named by {@code url} from the first store that holds it; as {@link VideoStore#open}.
     *
     * @param url the URL a document holds
     * @return the input, to be closed
     * @throws UploadFolder.UnsafePathException when no store reads the URL, or it leads outside the upload
     *     folder
     * @throws NoSuchFileException when there is no such object
     * @throws IOException when the object cannot be read
     */
    public VideoStore.Input open(String url) throws IOException {
        for (VideoStore store : inputs) {
            if (store.holds(url)) {
                return store.open(url);
            }
        }
        throw new UploadFolder.UnsafePathException(URL + " " + url + ": no configured store reads it");
    }

    /**
     * As {@link #open(String)}, with the URL named as the document's {@code field} and the file as
     * {@code what} in the messages: "storage_url leads outside UPLOAD_DIR", "video file not found: clip.mp4".
     *
     * @param url the URL a document holds
     * @param field the name of the document's field that holds it
     * @param what what the file is, for the messages
     * @return the input, to be closed
     * @throws UploadFolder.UnsafePathException when no store reads the URL, or it leads outside the upload
     *     folder
     * @throws NoSuchFileException when there is no such object
     * @throws IOException when the object cannot be read
     */
    public VideoStore.Input open(String url, String field, String what) throws IOException {
        try {
            return open(url);
        } catch (NoSuchFileException e) {
            String message = String.valueOf(e.getMessage());
            throw new NoSuchFileException(message.startsWith(FILE + " ") ? what + message.substring(FILE.length())
                    : what + " not found: " + message);
        } catch (UploadFolder.UnsafePathException e) {
            String message = String.valueOf(e.getMessage());
            throw new UploadFolder.UnsafePathException(message.startsWith(URL + " ")
                    ? field + message.substring(URL.length()) : message);
        }
    }

    /**
     * The key of {@code file}, inside the attempt's folder, in the output store.
     *
     * @param token the attempt's token
     * @param file a file in the attempt's folder, or the folder itself
     * @return the attempt's key ({@link UploadFolder#attemptKey}) followed by the file's path in the folder
     */
    public String keyOf(LeaseToken token, Path file) {
        Path relative = work.attemptFolder(token).relativize(file.toAbsolutePath().normalize());
        String rest = relative.toString().replace('\\', '/');
        return rest.isEmpty() ? UploadFolder.attemptKey(token) : UploadFolder.attemptKey(token) + "/" + rest;
    }

    /**
     * The URL that documents hold for {@code file}, inside the attempt's folder, once it is published.
     *
     * @param token the attempt's token
     * @param file a file in the attempt's folder
     * @return the output store's URL for the file's key
     */
    public String urlOf(LeaseToken token, Path file) {
        return output.urlOf(keyOf(token, file));
    }

    /**
     * Publishes every finished file in the attempt's folder to the output store under its key, never
     * replacing an object; returns the keys. Nothing moves when the store publishes in place.
     * Temporaries are left out.
     *
     * @param token the attempt's token
     * @return the keys published, in the order of the files' paths; empty in place
     * @throws java.nio.file.FileAlreadyExistsException when a key is taken; the files before it stay published
     * @throws IOException when the folder cannot be read or a file cannot be published
     */
    public List<String> publish(LeaseToken token) throws IOException {
        List<String> keys = new ArrayList<>();
        if (inPlace()) {
            return keys;
        }
        Path folder = work.attemptFolder(token);
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                if (!LocalVideoStore.TEMPORARY.matcher(file.getFileName().toString()).matches()) {
                    String key = keyOf(token, file);
                    output.publish(file, key);
                    keys.add(key);
                }
            }
        }
        return keys;
    }

    /**
     * Removes what the attempt wrote: its local folder and, in a store of its own, its objects.
     *
     * @param token the attempt's token
     * @throws IOException when something cannot be removed
     */
    public void discard(LeaseToken token) throws IOException {
        work.deleteAttempt(token);
        if (!inPlace()) {
            for (VideoStore.Entry entry : output.list(UploadFolder.attemptKey(token) + "/")) {
                output.delete(entry);
            }
        }
    }
}
