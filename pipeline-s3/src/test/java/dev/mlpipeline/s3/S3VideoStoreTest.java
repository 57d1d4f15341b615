package dev.mlpipeline.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlpipeline.core.port.VideoStore;
import dev.mlpipeline.core.testing.VideoStoreContract;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** The S3 store against S3Proxy, a real S3-protocol server in this JVM, by the contract every store keeps. */
class S3VideoStoreTest extends VideoStoreContract {
    private static final long PART = S3VideoStore.MIN_PART_SIZE;
    private static S3TestServer server;
    private static int buckets;

    private S3Client client;
    private S3Presigner presigner;
    private String bucket;
    private Path cache;

    @BeforeAll
    static void startServer() throws Exception {
        server = S3TestServer.start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @Override
    protected VideoStore createStore(Path temp) throws IOException {
        bucket = "bucket" + ++buckets;
        server.createBucket(bucket);
        cache = temp.resolve("cache");
        client = server.client(cache);
        presigner = server.presigner(cache);
        return new S3VideoStore(client, new S3Location(bucket, "outputs"), cache, 1 << 20, PART, presigner);
    }

    @AfterEach
    void closeClient() {
        client.close();
        presigner.close();
    }

    @Override
    protected String addInput(String name, byte[] bytes) {
        client.putObject(b -> b.bucket(bucket).key("videos/" + name), RequestBody.fromBytes(bytes));
        return "s3://" + bucket + "/videos/" + name;
    }

    @Override
    protected void leaveTemporary(String key) {
        String upload = client.createMultipartUpload(b -> b.bucket(bucket).key("outputs/" + key)).uploadId();
        client.uploadPart(b -> b.bucket(bucket).key("outputs/" + key).uploadId(upload).partNumber(1),
                RequestBody.fromBytes(new byte[1024]));
    }

    /** Over two parts and a half: three parts, the last one short. */
    @Override
    protected long largeSize() {
        return PART * 5 / 2;
    }

    private static HttpResponse<String> fetch(URI link) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(link).build(), BodyHandlers.ofString());
    }

    @Test
    void aLinkReadsAnOutputWithNoCredentialsAndOnlyThatOutput() throws Exception {
        store.publish(Files.writeString(temp.resolve("a"), "the annotated video"), "annotated/j/1-w1/a.mp4");
        store.publish(Files.writeString(temp.resolve("b"), "another output"), "annotated/j/1-w1/b.mp4");

        URI link = store.readLink(store.urlOf("annotated/j/1-w1/a.mp4"), Duration.ofMinutes(5)).orElseThrow();

        HttpResponse<String> response = fetch(link);
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("the annotated video", response.body());
        HttpResponse<String> tampered = fetch(URI.create(link.toString().replace("/a.mp4?", "/b.mp4?")));
        assertEquals(403, tampered.statusCode(), "the signature covers the key: " + tampered.body());
    }

    @Test
    void aLinkStopsWorkingWhenItExpires() throws Exception {
        store.publish(Files.writeString(temp.resolve("a"), "x"), "annotated/j/1-w1/a.mp4");
        URI link = store.readLink(store.urlOf("annotated/j/1-w1/a.mp4"), Duration.ofSeconds(1)).orElseThrow();

        Thread.sleep(2_100);

        assertEquals(403, fetch(link).statusCode());
    }

    @Test
    void noLinkToWhatItDidNotPublish() throws IOException {
        String input = addInput("clip.mp4", new byte[] {1, 2, 3});
        for (String url : List.of(input, "s3://other-bucket/outputs/a.mp4", "s3://" + bucket + "/outputsx/a.mp4",
                "s3://" + bucket + "/outputs/", "s3://" + bucket + "/outputs/../videos/clip.mp4",
                "s3://" + bucket + "/outputs/./a.mp4")) {
            assertEquals(Optional.empty(), store.readLink(url, Duration.ofMinutes(5)), url);
        }
        S3VideoStore withoutPresigner = new S3VideoStore(client, new S3Location(bucket, "outputs"), cache, 1 << 20,
                PART);
        assertEquals(Optional.empty(), withoutPresigner.readLink(store.urlOf("a.mp4"), Duration.ofMinutes(5)));
    }

    @Test
    void publishesUnderItsPrefixAndNamesTheObjectByItsUrl() throws IOException {
        store.publish(Files.writeString(temp.resolve("f"), "x"), "annotated/j/1-w1/a.json");

        assertEquals("s3://" + bucket + "/outputs/annotated/j/1-w1/a.json", store.urlOf("annotated/j/1-w1/a.json"));
        assertEquals("x", client.getObjectAsBytes(b -> b.bucket(bucket).key("outputs/annotated/j/1-w1/a.json"))
                .asUtf8String());
    }

    @Test
    void aReplacedInputIsReadAgainNotFromTheCache() throws IOException {
        String url = addInput("clip.mp4", bytes("first upload"));
        assertArrayEquals(bytes("first upload"), read(url));

        addInput("clip.mp4", bytes("second upload"));

        assertArrayEquals(bytes("second upload"), read(url));
    }

    @Test
    void theCacheKeepsNoMoreThanItsSizeBesidesTheCopiesInUse() throws IOException {
        S3VideoStore s3 = (S3VideoStore) store;
        byte[] big = new byte[600 << 10];
        String first = addInput("first.mp4", big);
        String second = addInput("second.mp4", big);
        String third = addInput("third.mp4", big);

        try (VideoStore.Input held = s3.open(first)) {
            read(second);
            read(third);
            // the first is in use, so it stays; of the others, only what fits in 1 MiB beside it
            assertTrue(Files.exists(held.file()));
            assertEquals(big.length, Files.size(held.file()));
            assertTrue(s3.cachedBytes() <= (1 << 20) + big.length, "cached: " + s3.cachedBytes());
        }
        assertTrue(s3.cachedBytes() <= 1 << 20, "cached: " + s3.cachedBytes());
        try (var files = Files.walk(cache)) {
            long onDisk = files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
            assertEquals(s3.cachedBytes(), onDisk);
        }
    }

    /** The racing publishers of the contract meet S3's own refusal here, not only the store's look first. */
    @Test
    void theServerRefusesAConditionalWriteOverAnObject() {
        addInput("taken.mp4", bytes("first"));

        S3Exception refused = assertThrows(S3Exception.class, () -> client.putObject(
                b -> b.bucket(bucket).key("videos/taken.mp4").ifNoneMatch("*"),
                RequestBody.fromBytes(bytes("second"))));

        assertEquals(412, refused.statusCode());
        assertEquals("first", client.getObjectAsBytes(b -> b.bucket(bucket).key("videos/taken.mp4")).asUtf8String());
    }

    @Test
    void copiesAnEarlierRunLeftGoAtStartAndAnObjectOpenedTwiceHasOneCopy() throws IOException {
        Path leftover = Files.createDirectories(cache.resolve("0123456789abcdef01234567")).resolve("old.mp4");
        Files.writeString(leftover, "left by a killed run");
        Path notACopy = Files.writeString(Files.createDirectories(cache.resolve("notes")).resolve("keep.txt"), "mine");

        S3VideoStore fresh = new S3VideoStore(client, new S3Location(bucket, "outputs"), cache, 1 << 20, PART);

        assertFalse(Files.exists(leftover.getParent()), "a copy nobody tracks any more is gone");
        assertTrue(Files.exists(notACopy), "what is not a copy stays");
        String url = addInput("shared.mp4", bytes("one copy"));
        try (VideoStore.Input first = fresh.open(url); VideoStore.Input second = fresh.open(url)) {
            assertEquals(first.file(), second.file());
            assertEquals(bytes("one copy").length, fresh.cachedBytes());
        }
    }

    @Test
    void holdsOnlyS3Urls() {
        assertTrue(store.holds("s3://any-bucket/clip.mp4"));
        assertFalse(store.holds("/uploads/clip.mp4"));
    }
}
