package dev.mlpipeline.s3;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * A real S3-protocol server for tests: S3Proxy on a free loopback port, over memory or a folder, checking
 * AWS signatures with fixed test credentials. {@link #main} runs one as a process of its own, for tests
 * and benchmarks that start several instances of the service against one server.
 */
public final class S3TestServer implements AutoCloseable {
    public static final String ACCESS_KEY = "test-access-key";
    public static final String SECRET_KEY = "test-secret-key-0123456789";
    public static final String REGION = "us-east-1";

    private final S3Proxy proxy;
    private final BlobStore store;

    private S3TestServer(S3Proxy proxy, BlobStore store) {
        this.proxy = proxy;
        this.store = store;
    }

    /** A server that keeps objects in memory. */
    public static S3TestServer start() throws Exception {
        return start(new TransientNio2BlobStore(), 0);
    }

    /** A server that keeps objects in {@code folder}, listening on {@code port} (0: any free one). */
    public static S3TestServer start(Path folder, int port) throws Exception {
        return start(new FilesystemNio2BlobStore(folder.toAbsolutePath().toString()), port);
    }

    private static S3TestServer start(BlobStore store, int port) throws Exception {
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(store)
                .endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        proxy.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
            }
            Thread.sleep(5);
        }
        return new S3TestServer(proxy, store);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    /** Settings that reach this server, with a cache in {@code cacheFolder}. */
    public S3Settings settings(Path cacheFolder) {
        return S3Settings.of(REGION, cacheFolder).at(endpoint());
    }

    /** A client with the server's credentials; the caller closes it. */
    public S3Client client(Path cacheFolder) {
        return S3Clients.create(settings(cacheFolder),
                StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)));
    }

    /** A presigner with the server's credentials; the caller closes it. */
    public S3Presigner presigner(Path cacheFolder) {
        return S3Clients.presigner(settings(cacheFolder),
                StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)));
    }

    public void createBucket(String bucket) {
        store.createContainer(bucket);
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
    }

    /**
     * Runs a server over a folder: {@code S3TestServer <folder> <port> <bucket>...}; prints its endpoint
     * and serves until its input closes (the process that started it ended) or it is killed.
     */
    public static void main(String[] args) throws Exception {
        try (S3TestServer server = start(Path.of(args[0]), Integer.parseInt(args[1]))) {
            for (int i = 2; i < args.length; i++) {
                server.createBucket(args[i]);
            }
            System.out.println("s3 " + server.endpoint());
            System.out.flush();
            while (System.in.read() >= 0) {
                // served until the parent goes
            }
        }
    }
}
