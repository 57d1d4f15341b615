package dev.mlpipeline.s3;

import dev.mlpipeline.core.port.VideoStore;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * A bucket (and a key prefix in it) as a {@link VideoStore}: outputs are published under {@code output},
 * inputs are read from any bucket the credentials reach, through a bounded local {@link InputCache}.
 *
 * <p>Publishing never replaces an object: it asks first, then writes with {@code If-None-Match: *}, which
 * S3 (and most S3-protocol servers) refuse with 412 when the key was taken meanwhile. A large file goes up
 * in parts of {@code partSize}; S3 shows the object only when the upload completes, so a worker killed in
 * the middle leaves an unfinished upload (listed as a temporary, aborted by the janitor) and no object.
 * With a presigner, it links its outputs for browsers ({@link #readLink}): presigned GETs, never for an
 * object outside {@code output}. Thread-safe, as the SDK's client is.
 */
public final class S3VideoStore implements VideoStore {
    /** S3's smallest part, except the last. */
    public static final long MIN_PART_SIZE = 5L << 20;
    private static final int PRECONDITION_FAILED = 412;
    private static final int CONFLICT = 409;
    private static final int NOT_FOUND = 404;

    private final S3Client s3;
    private final S3Location output;
    private final InputCache cache;
    private final long partSize;
    private final S3Presigner presigner;

    /**
     * Publishes under {@code output} (a bucket and a key prefix), keeps copies of inputs in {@code cacheFolder}
     * up to {@code cacheBytes} besides those in use, and uploads files larger than {@code partSize} in parts.
     */
    public S3VideoStore(S3Client s3, S3Location output, Path cacheFolder, long cacheBytes, long partSize)
            throws IOException {
        this(s3, output, cacheFolder, cacheBytes, partSize, null);
    }

    /** As above, linking its outputs for browsers with {@code presigner} (none when null), which must outlive it. */
    public S3VideoStore(S3Client s3, S3Location output, Path cacheFolder, long cacheBytes, long partSize,
            S3Presigner presigner) throws IOException {
        if (partSize < MIN_PART_SIZE) {
            throw new IllegalArgumentException("parts are at least 5 MiB: " + partSize);
        }
        this.s3 = Objects.requireNonNull(s3);
        this.output = Objects.requireNonNull(output);
        this.cache = new InputCache(cacheFolder, cacheBytes);
        this.partSize = partSize;
        this.presigner = presigner;
    }

    @Override
    public boolean holds(String url) {
        return url != null && url.startsWith(S3Location.SCHEME);
    }

    @Override
    public Input open(String url) throws IOException {
        S3Location location = parse(url);
        if (location.key().isEmpty() || location.key().endsWith("/")) {
            throw new NoSuchFileException("file not found: " + url + " names no object");
        }
        HeadObjectResponse head = call(url, () -> s3.headObject(b -> b.bucket(location.bucket()).key(location.key())));
        return cache.open(url, head.eTag(), location.fileName(), file -> call(url, () ->
                s3.getObject(b -> b.bucket(location.bucket()).key(location.key()).ifMatch(head.eTag()),
                        ResponseTransformer.toFile(file))));
    }

    @Override
    public String urlOf(String key) {
        return output.resolve(key).toString();
    }

    @Override
    public void publish(Path file, String key) throws IOException {
        String objectKey = output.folder() + key;
        String url = urlOf(key);
        if (exists(url, objectKey)) {
            throw new FileAlreadyExistsException(url);
        }
        long size = Files.size(file);
        try {
            if (size <= partSize) {
                s3.putObject(b -> b.bucket(output.bucket()).key(objectKey).ifNoneMatch("*"),
                        RequestBody.fromFile(file));
            } else {
                uploadInParts(file, objectKey, size);
            }
        } catch (S3Exception e) {
            if (e.statusCode() == PRECONDITION_FAILED || e.statusCode() == CONFLICT) {
                throw new FileAlreadyExistsException(url);
            }
            throw new IOException("could not publish " + url + ": " + e.getMessage(), e);
        } catch (SdkException e) {
            throw new IOException("could not publish " + url + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<Entry> list(String prefix) throws IOException {
        String full = output.folder() + prefix;
        int skip = output.folder().length();
        List<Entry> entries = new ArrayList<>();
        call(urlOf(prefix), () -> {
            for (S3Object object : s3.listObjectsV2Paginator(b -> b.bucket(output.bucket()).prefix(full)).contents()) {
                entries.add(new Entry(object.key().substring(skip), object.lastModified(), null));
            }
            for (MultipartUpload upload : s3.listMultipartUploadsPaginator(b -> b.bucket(output.bucket()).prefix(full))
                    .uploads()) {
                entries.add(new Entry(upload.key().substring(skip), upload.initiated(), upload.uploadId()));
            }
            return entries;
        });
        return entries;
    }

    @Override
    public void delete(Entry entry) throws IOException {
        String objectKey = output.folder() + entry.key();
        call(urlOf(entry.key()), () -> {
            if (entry.isTemporary()) {
                try {
                    s3.abortMultipartUpload(b -> b.bucket(output.bucket()).key(objectKey).uploadId(entry.temporary()));
                } catch (NoSuchUploadException gone) {
                    // finished or aborted by someone else meanwhile
                }
            } else {
                s3.deleteObject(b -> b.bucket(output.bucket()).key(objectKey));
            }
            return null;
        });
    }

    /** The bytes that copies of inputs take in the local cache. */
    public long cachedBytes() {
        return cache.bytes();
    }

    private void uploadInParts(Path file, String objectKey, long size) throws IOException {
        String uploadId = s3.createMultipartUpload(b -> b.bucket(output.bucket()).key(objectKey)).uploadId();
        boolean completed = false;
        try (InputStream in = Files.newInputStream(file)) {
            List<CompletedPart> parts = new ArrayList<>();
            for (int number = 1; (long) (number - 1) * partSize < size; number++) {
                long length = Math.min(partSize, size - (long) (number - 1) * partSize);
                int part = number;
                String etag = s3.uploadPart(b -> b.bucket(output.bucket()).key(objectKey).uploadId(uploadId)
                        .partNumber(part).contentLength(length), RequestBody.fromInputStream(in, length)).eTag();
                parts.add(CompletedPart.builder().partNumber(part).eTag(etag).build());
            }
            s3.completeMultipartUpload(b -> b.bucket(output.bucket()).key(objectKey).uploadId(uploadId).ifNoneMatch("*")
                    .multipartUpload(m -> m.parts(parts)));
            completed = true;
        } finally {
            if (!completed) {
                abortQuietly(objectKey, uploadId);
            }
        }
    }

    private void abortQuietly(String objectKey, String uploadId) {
        try {
            s3.abortMultipartUpload(b -> b.bucket(output.bucket()).key(objectKey).uploadId(uploadId));
        } catch (SdkException e) {
            // listed as a temporary; the janitor aborts it later
        }
    }

    private boolean exists(String url, String objectKey) throws IOException {
        try {
            call(url, () -> s3.headObject(b -> b.bucket(output.bucket()).key(objectKey)));
            return true;
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    /** A presigned GET for an object under {@code output}; empty for any other, or without a presigner. */
    @Override
    public Optional<URI> readLink(String url, Duration valid) throws IOException {
        S3Location location = parse(url);
        if (presigner == null || !isOutput(location)) {
            return Optional.empty();
        }
        try {
            return Optional.of(presigner.presignGetObject(request -> request.signatureDuration(valid)
                    .getObjectRequest(get -> get.bucket(location.bucket()).key(location.key()))).url().toURI());
        } catch (SdkException | URISyntaxException e) {
            throw new IOException("could not make a link to " + url + ": " + e.getMessage(), e);
        }
    }

    // a key with . or .. segments could mean another object once a browser has tidied the link's path
    private boolean isOutput(S3Location location) {
        String key = location.key();
        return location.bucket().equals(output.bucket()) && key.startsWith(output.folder())
                && key.length() > output.folder().length() && !key.endsWith("/")
                && Arrays.stream(key.split("/")).noneMatch(part -> part.equals(".") || part.equals(".."));
    }

    private static S3Location parse(String url) throws IOException {
        try {
            return S3Location.parse(url);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private interface Call<T> {
        T run() throws IOException;
    }

    /** Runs an S3 call, its failures as the I/O errors the port promises: a missing object or bucket as such. */
    private static <T> T call(String url, Call<T> call) throws IOException {
        try {
            return call.run();
        } catch (S3Exception e) {
            if (e.statusCode() == NOT_FOUND) {
                throw new NoSuchFileException("file not found: " + url);
            }
            throw new IOException(url + ": " + e.getMessage(), e);
        } catch (SdkException e) {
            throw new IOException(url + ": " + e.getMessage(), e);
        }
    }
}
