package dev.mlpipeline.app;

import dev.mlpipeline.core.port.VideoStore;
import dev.mlpipeline.core.service.LocalVideoStore;
import dev.mlpipeline.core.service.Storage;
import dev.mlpipeline.core.service.UploadFolder;
import dev.mlpipeline.s3.S3Clients;
import dev.mlpipeline.s3.S3Location;
import dev.mlpipeline.s3.S3VideoStore;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The service's stores: the upload folder, and S3, whose client is made on first use, so that a service
 * that never sees an {@code s3://} URL never loads the SDK nor looks for credentials. Thread-safe.
 */
final class S3Stores implements VideoStore, AutoCloseable {
    private final StorageConfig config;
    private S3Client client;
    private S3Presigner presigner;
    private S3VideoStore store;

    S3Stores(StorageConfig config) {
        this.config = config;
    }

    /** Attempts write into {@code uploads}; outputs go where OUTPUT_URL says; inputs come from either. */
    Storage storage(UploadFolder uploads) {
        LocalVideoStore local = new LocalVideoStore(uploads);
        return new Storage(uploads, config.output().isPresent() ? this : local, List.of(local, this));
    }

    private synchronized S3VideoStore store() throws IOException {
        if (store == null) {
            client = S3Clients.create(config.s3());
            presigner = S3Clients.presigner(config.s3());
            store = S3Clients.store(client, presigner, config.s3(), output());
        }
        return store;
    }

    @Override
    public boolean holds(String url) {
        return url != null && url.startsWith(S3Location.SCHEME);
    }

    @Override
    public Input open(String url) throws IOException {
        return store().open(url);
    }

    /** Without the client: naming an object needs none, and the service names its outputs' place at start. */
    @Override
    public String urlOf(String key) {
        return output().resolve(key).toString();
    }

    // a store that only reads publishes nowhere: the bucket it is given for outputs is never used
    private S3Location output() {
        return config.output().orElse(new S3Location("unused", ""));
    }

    @Override
    public void publish(Path file, String key) throws IOException {
        store().publish(file, key);
    }

    @Override
    public List<Entry> list(String prefix) throws IOException {
        return store().list(prefix);
    }

    @Override
    public void delete(Entry entry) throws IOException {
        store().delete(entry);
    }

    @Override
    public Optional<URI> readLink(String url, Duration valid) throws IOException {
        return config.output().isEmpty() ? Optional.empty() : store().readLink(url, valid);
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
        }
        if (presigner != null) {
            presigner.close();
        }
    }
}
