package dev.mlpipeline.s3;

import java.io.IOException;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** Builds the SDK client of an {@link S3VideoStore}, and the store. */
public final class S3Clients {
    private S3Clients() {
    }

    /** A client for {@code settings}, with the SDK's default credentials chain. The caller closes it. */
    public static S3Client create(S3Settings settings) {
        return create(settings, DefaultCredentialsProvider.builder().build());
    }

    /** A client for {@code settings} with these credentials. The caller closes it. */
    public static S3Client create(S3Settings settings, AwsCredentialsProvider credentials) {
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials)
                .forcePathStyle(settings.pathStyle())
                // a builder, not a built client: the SDK then owns the pool and closes it with the client
                .httpClientBuilder(ApacheHttpClient.builder().socketTimeout(settings.requestTimeout()))
                .overrideConfiguration(config -> config.apiCallAttemptTimeout(settings.requestTimeout()));
        settings.endpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    /** A store publishing under {@code output} through {@code client}, which must outlive it. */
    public static S3VideoStore store(S3Client client, S3Settings settings, S3Location output) throws IOException {
        return store(client, null, settings, output);
    }

    /**
     * A store publishing under {@code output} through {@code client}, and linking its outputs for browsers
     * with {@code presigner} (none when null); both must outlive it.
     */
    public static S3VideoStore store(S3Client client, S3Presigner presigner, S3Settings settings, S3Location output)
            throws IOException {
        return new S3VideoStore(client, output, settings.cacheFolder(), settings.cacheBytes(), settings.partSize(),
                presigner);
    }

    /** A presigner for {@code settings}, with the SDK's default credentials chain. The caller closes it. */
    public static S3Presigner presigner(S3Settings settings) {
        return presigner(settings, DefaultCredentialsProvider.builder().build());
    }

    /**
     * A presigner for {@code settings} with these credentials: links to the same endpoint, in the same
     * addressing style, as the client's requests. Signing is local: no request is made. The caller closes it.
     */
    public static S3Presigner presigner(S3Settings settings, AwsCredentialsProvider credentials) {
        S3Presigner.Builder builder = S3Presigner.builder()
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(settings.pathStyle()).build());
        settings.endpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }
}
