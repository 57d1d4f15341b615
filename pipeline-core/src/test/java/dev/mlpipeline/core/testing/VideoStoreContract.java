package dev.mlpipeline.core.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlpipeline.core.port.VideoStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link VideoStore} promises: inputs read whole, outputs published whole and never replaced,
 * temporaries listed and removable. Extend it with a fresh, empty store.
 */
public abstract class VideoStoreContract {
    private static final String KEY = "annotated/0123456789abcdef01234567/1-w1/annotated_clip.mp4";

    @TempDir
    protected Path temp;
    protected VideoStore store;

    /** A fresh, empty store; {@code temp} is a folder of its own for the test. */
    protected abstract VideoStore createStore(Path temp) throws IOException;

    /** Puts an input where the store reads it, as the main backend would; returns the URL documents hold. */
    protected abstract String addInput(String name, byte[] bytes) throws IOException;

    /** Leaves what a publication of {@code key} killed in the middle leaves. */
    protected abstract void leaveTemporary(String key) throws IOException;

    /** A size that the store publishes the way it publishes its largest files (in parts, say). */
    protected long largeSize() {
        return 3 << 20;
    }

    @BeforeEach
    void setUpStore() throws IOException {
        store = createStore(temp);
    }

    @Test
    void opensAnInputAsAFileWithItsBytes() throws IOException {
        String url = addInput("clip.mp4", bytes("a video"));

        assertTrue(store.holds(url), url);
        try (VideoStore.Input input = store.open(url)) {
            assertArrayEquals(bytes("a video"), Files.readAllBytes(input.file()));
            assertEquals("clip.mp4", input.file().getFileName().toString());
        }
    }

    @Test
    void aMissingInputIsNoSuchFile() throws IOException {
        String url = addInput("clip.mp4", bytes("a video"));

        assertThrows(NoSuchFileException.class, () -> store.open(url.replace("clip.mp4", "other.mp4")));
    }

    @Test
    void aPublishedFileIsReadBackAtItsUrl() throws IOException {
        store.publish(file("out", bytes("annotated")), KEY);

        String url = store.urlOf(KEY);
        assertTrue(store.holds(url), url);
        assertArrayEquals(bytes("annotated"), read(url));
    }

    @Test
    void publishingNeverReplacesAnObject() throws IOException {
        store.publish(file("first", bytes("first")), KEY);

        assertThrows(FileAlreadyExistsException.class, () -> store.publish(file("second", bytes("second")), KEY));
        assertArrayEquals(bytes("first"), read(store.urlOf(KEY)));
    }

    @Test
    void ofPublishersRacingForOneKeyOneWinsAndTheObjectIsItsOwn() throws Exception {
        int racers = 4;
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < racers; i++) {
            files.add(file("racer" + i, bytes("racer " + i)));
        }
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (Path each : files) {
                results.add(pool.submit(() -> {
                    start.await();
                    try {
                        store.publish(each, KEY);
                        return true;
                    } catch (FileAlreadyExistsException e) {
                        return false;
                    }
                }));
            }
            start.countDown();
            List<Integer> winners = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                if (results.get(i).get()) {
                    winners.add(i);
                }
            }
            assertEquals(1, winners.size(), "winners: " + winners);
            assertArrayEquals(bytes("racer " + winners.get(0)), read(store.urlOf(KEY)));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aLargeFileIsPublishedWholeAndLeavesNoTemporary() throws IOException {
        byte[] large = new byte[(int) largeSize()];
        new Random(7).nextBytes(large);

        store.publish(file("large", large), KEY);

        assertArrayEquals(large, read(store.urlOf(KEY)));
        assertEquals(List.of(KEY), keys(store.list("annotated/")));
        assertTrue(store.list("annotated/").stream().noneMatch(VideoStore.Entry::isTemporary));
    }

    @Test
    void listsWhatIsUnderAPrefixAndNothingElse() throws IOException {
        store.publish(file("a", bytes("a")), "annotated/job1/1-w1/a.mp4");
        store.publish(file("b", bytes("b")), "annotated/job1/1-w1/frames/b.jpg");
        store.publish(file("c", bytes("c")), "annotated/job2/1-w1/c.mp4");

        assertEquals(List.of("annotated/job1/1-w1/a.mp4", "annotated/job1/1-w1/frames/b.jpg"),
                keys(store.list("annotated/job1/")));
        assertEquals(List.of(), store.list("annotated/job3/"));
        assertEquals(3, store.list("annotated/").size());
    }

    @Test
    void aTemporaryIsListedAsSuchAndCanBeRemoved() throws IOException {
        leaveTemporary(KEY);

        List<VideoStore.Entry> entries = store.list("annotated/");
        assertEquals(1, entries.size(), entries.toString());
        assertTrue(entries.get(0).isTemporary(), entries.toString());
        assertThrows(NoSuchFileException.class, () -> store.open(store.urlOf(KEY)));

        store.delete(entries.get(0));
        assertEquals(List.of(), store.list("annotated/"));
        store.delete(entries.get(0));
    }

    @Test
    void aDeletedObjectIsGoneAndItsKeyFreeAgain() throws IOException {
        store.publish(file("first", bytes("first")), KEY);

        store.delete(store.list("annotated/").get(0));

        assertThrows(NoSuchFileException.class, () -> store.open(store.urlOf(KEY)));
        assertEquals(List.of(), store.list("annotated/"));
        store.publish(file("again", bytes("again")), KEY);
        assertArrayEquals(bytes("again"), read(store.urlOf(KEY)));
    }

    protected static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private Path file(String name, byte[] bytes) throws IOException {
        Path folder = Files.createDirectories(temp.resolve("files"));
        return Files.write(folder.resolve(name), bytes);
    }

    protected byte[] read(String url) throws IOException {
        try (VideoStore.Input input = store.open(url)) {
            return Files.readAllBytes(input.file());
        }
    }

    private static List<String> keys(List<VideoStore.Entry> entries) {
        return entries.stream().map(VideoStore.Entry::key).sorted().toList();
    }
}
