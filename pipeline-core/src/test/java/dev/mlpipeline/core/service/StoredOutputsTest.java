package dev.mlpipeline.core.service;

import static dev.mlpipeline.core.testing.Builders.aPendingJob;
import static dev.mlpipeline.core.testing.Builders.aVideo;
import static dev.mlpipeline.core.testing.Frames.frames;
import static dev.mlpipeline.core.testing.Frames.info;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlpipeline.core.domain.Detection;
import dev.mlpipeline.core.domain.Job;
import dev.mlpipeline.core.domain.JobStatus;
import dev.mlpipeline.core.domain.LeaseToken;
import dev.mlpipeline.core.domain.QueueRules;
import dev.mlpipeline.core.domain.Video;
import dev.mlpipeline.core.port.AnnotatedVideoSink;
import dev.mlpipeline.core.port.VideoFrame;
import dev.mlpipeline.core.port.VideoInfo;
import dev.mlpipeline.core.port.VideoStore;
import dev.mlpipeline.core.testing.FakeClock;
import dev.mlpipeline.core.testing.FakeInferenceClient;
import dev.mlpipeline.core.testing.InMemoryJobRepository;
import dev.mlpipeline.core.testing.InMemoryVideoCatalog;
import dev.mlpipeline.core.testing.ListFrameSource;
import dev.mlpipeline.core.testing.Processors;
import dev.mlpipeline.core.testing.RecordingDetectionsSink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Outputs published to a store of their own (a second folder stands in for a bucket): what a finished
 * attempt publishes, what an attempt that lost its job does not, and what the janitor sweeps there.
 */
class StoredOutputsTest {
    private static final QueueRules RULES = QueueRules.defaults();

    @TempDir
    Path dir;
    private Path uploads;
    private LocalVideoStore remote;
    private Storage storage;
    private final InMemoryJobRepository jobs = new InMemoryJobRepository();
    private final InMemoryVideoCatalog videos = new InMemoryVideoCatalog();
    private final FakeClock clock = new FakeClock();
    private Runnable onCommit = () -> { };

    @BeforeEach
    void makeStores() throws IOException {
        uploads = Files.createDirectories(dir.resolve("uploads"));
        remote = new LocalVideoStore(new UploadFolder(Files.createDirectories(dir.resolve("bucket"))));
        UploadFolder work = new UploadFolder(uploads);
        storage = new Storage(work, remote, List.of(new LocalVideoStore(work)));
    }

    /** Writes the video file on commit, as the real sink does, then runs {@link #onCommit}. */
    private final AnnotatedVideoSink sink = new AnnotatedVideoSink() {
        @Override
        public Writer create(Path source, Path output, VideoInfo info) {
            return new Writer() {
                @Override
                public void write(VideoFrame frame, List<Detection> detections) {
                }

                @Override
                public void commit() throws IOException {
                    Files.writeString(output, "an annotated video");
                    onCommit.run();
                }

                @Override
                public void close() {
                }
            };
        }
    };

    private Job run() throws IOException {
        Files.write(uploads.resolve("clip.mp4"), new byte[] {1});
        Video video = aVideo().withFile("clip.mp4").build();
        videos.add(video);
        Job job = aPendingJob().forVideo(video.id()).build();
        jobs.insert(job);
        VideoAnnotator annotator = new VideoAnnotator(new ListFrameSource(info(9), frames(9)),
                FakeInferenceClient.always(List.of()), sink, new RecordingDetectionsSink(),
                PipelineSettings.defaults());
        JobProcessor processor = new JobProcessor(videos, clock, storage, annotator, janitor(),
                new TrackPlacement(Processors.NO_TRACKS, Duration.ZERO));
        new Worker(jobs, processor, clock, new WorkerSettings("w1", Duration.ofHours(1), RULES)).runNext();
        return jobs.findById(job.id()).orElseThrow();
    }

    private Janitor janitor() {
        return new Janitor(storage, jobs, videos, clock, RULES.lease());
    }

    @Test
    void aFinishedAttemptPublishesToTheStoreAndKeepsNoLocalCopy() throws IOException {
        Job done = run();

        assertEquals(JobStatus.COMPLETED, done.status());
        String key = "annotated/" + done.id().hex() + "/1-w1/annotated_clip.mp4";
        assertEquals(remote.urlOf(key), done.result().annotatedVideoUrl());
        assertEquals("an annotated video", Files.readString(dir.resolve("bucket").resolve(key)));
        assertEquals(List.of(), files(uploads.resolve("annotated")), "the local copy is gone");
        assertEquals(done.result().annotatedVideoUrl(), videos.find(done.videoId()).orElseThrow().annotatedVideoUrl());
    }

    @Test
    void anAttemptThatLostItsJobBeforePublishingPublishesNothing() throws IOException {
        onCommit = () -> {
            clock.advance(RULES.lease().plusSeconds(1));
            assertTrue(jobs.claimNext("w2", clock.now(), RULES).isPresent(), "w2 takes the job over");
        };

        Job after = run();

        assertNotEquals(JobStatus.COMPLETED, after.status());
        assertEquals("w2", after.lease().workerId());
        assertEquals(List.of(), remote.list("annotated/"), "nothing published");
        assertEquals(List.of(), files(uploads.resolve("annotated")), "nothing left locally");
    }

    /**
     * The job is taken over after the run ended and before anything is published (here while the result
     * names the video's object): the run itself saw nothing, so only the attempt's look before publishing
     * keeps its objects out of the store.
     */
    @Test
    void anAttemptThatLostItsJobAfterItsRunAndBeforePublishingPublishesNothing() throws IOException {
        List<String> published = new java.util.ArrayList<>();
        storage = new Storage(storage.work(), new NamingHook(remote, key -> {
            if (key.endsWith("/annotated_clip.mp4")) {
                clock.advance(RULES.lease().plusSeconds(1));
                assertTrue(jobs.claimNext("w2", clock.now(), RULES).isPresent(), "w2 takes the job over");
            }
        }, published), List.of(new LocalVideoStore(storage.work())));

        Job after = run();

        assertEquals("w2", after.lease().workerId());
        // not even for a moment: a late publication would be removed again, but a reader could see it meanwhile
        assertEquals(List.of(), published, "nothing published");
        assertEquals(List.of(), remote.list("annotated/"));
        assertEquals(List.of(), files(uploads.resolve("annotated")), "nothing left locally");
    }

    @Test
    void theJanitorSweepsStoredAttemptsByTheFoldersRules() throws IOException {
        Job done = run();
        String kept = "annotated/" + done.id().hex() + "/1-w1/";
        String dead = "annotated/" + done.id().hex() + "/0-w9/";
        Path file = Files.writeString(dir.resolve("f"), "x");
        remote.publish(file, dead + "annotated_clip.mp4");
        remote.publish(file, dead + "frames/frame_000001_0.03s.jpg");
        Path temporary = FileOps.temporaryFor(dir.resolve("bucket").resolve(kept + "annotated_clip.objects.geojson"));
        Files.writeString(temporary, "half");

        janitor().sweep();
        assertEquals(4, remote.list("annotated/").size(), "young things stay: " + remote.list("annotated/"));

        clock.advance(RULES.lease().plusMinutes(1));
        ageAll(dir.resolve("bucket"), clock);
        List<Path> removed = janitor().sweep();

        List<String> left = remote.list("annotated/").stream().map(VideoStore.Entry::key).toList();
        assertEquals(List.of(kept + "annotated_clip.mp4"), left, "the result stays, the rest goes");
        assertEquals(3, removed.size(), removed.toString());
        assertFalse(Files.exists(temporary));
    }

    @Test
    void discardingAnAttemptRemovesItsObjectsAndNoOneElses() throws IOException {
        LeaseToken mine = new LeaseToken(aPendingJob().build().id(), "w1", 1);
        LeaseToken other = new LeaseToken(mine.jobId(), "w2", 2);
        Path file = Files.writeString(dir.resolve("f"), "x");
        remote.publish(file, UploadFolder.attemptKey(mine) + "/a.mp4");
        remote.publish(file, UploadFolder.attemptKey(other) + "/a.mp4");

        storage.discard(mine);

        assertEquals(List.of(UploadFolder.attemptKey(other) + "/a.mp4"),
                remote.list("annotated/").stream().map(VideoStore.Entry::key).toList());
    }

    /**
     * A store that tells {@code naming} of each key it names and notes each key published to it in
     * {@code published}, and otherwise is {@code store}.
     */
    private record NamingHook(VideoStore store, java.util.function.Consumer<String> naming, List<String> published)
            implements VideoStore {
        @Override
        public boolean holds(String url) {
            return store.holds(url);
        }

        @Override
        public Input open(String url) throws IOException {
            return store.open(url);
        }

        @Override
        public String urlOf(String key) {
            naming.accept(key);
            return store.urlOf(key);
        }

        @Override
        public void publish(Path file, String key) throws IOException {
            published.add(key);
            store.publish(file, key);
        }

        @Override
        public List<Entry> list(String prefix) throws IOException {
            return store.list(prefix);
        }

        @Override
        public void delete(Entry entry) throws IOException {
            store.delete(entry);
        }
    }

    private static void ageAll(Path root, FakeClock clock) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path path : all.toList()) {
                Files.setLastModifiedTime(path, FileTime.from(clock.now().minus(RULES.lease().plusSeconds(1))));
            }
        }
    }

    private static List<Path> files(Path root) throws IOException {
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(Files::isRegularFile).toList();
        }
    }
}
