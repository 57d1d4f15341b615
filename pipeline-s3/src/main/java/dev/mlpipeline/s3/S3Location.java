package dev.mlpipeline.s3;

import java.util.Objects;

/**
 * A bucket and a key (or a key prefix) as {@code s3://bucket/key} names them. Immutable.
 */
public record S3Location(String bucket, String key) {
    public static final String SCHEME = "s3://";

    public S3Location {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        if (bucket.isBlank()) {
            throw new IllegalArgumentException("an S3 URL needs a bucket: s3://bucket/key");
        }
    }

    /** Reads {@code s3://bucket/key}; the key may be empty ({@code s3://bucket}, {@code s3://bucket/}). */
    public static S3Location parse(String url) {
        if (url == null || !url.startsWith(SCHEME)) {
            throw new IllegalArgumentException("not an S3 URL (s3://bucket/key): " + url);
        }
        String rest = url.substring(SCHEME.length());
        int slash = rest.indexOf('/');
        return slash < 0 ? new S3Location(rest, "")
                : new S3Location(rest.substring(0, slash), rest.substring(slash + 1));
    }

    /** The key as a prefix that names a folder: empty, or ending with {@code /}. */
    public String folder() {
        return key.isEmpty() || key.endsWith("/") ? key : key + "/";
    }

    /**
     * The location of {@code key} under this one, taken as a folder: {@code s3://b/out} and {@code a.mp4}
     * give {@code s3://b/out/a.mp4}.
     */
    public S3Location resolve(String key) {
        return new S3Location(bucket, folder() + key);
    }

    /** The object's file name: what follows the key's last {@code /}. */
    public String fileName() {
        return key.substring(key.lastIndexOf('/') + 1);
    }

    @Override
    public String toString() {
        return SCHEME + bucket + "/" + key;
    }
}
