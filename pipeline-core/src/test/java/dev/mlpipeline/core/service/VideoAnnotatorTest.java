package dev.mlpipeline.core.service;

import static dev.mlpipeline.core.testing.Frames.frames;
import static dev.mlpipeline.core.testing.Frames.info;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlpipeline.core.domain.BoundingBox;
import dev.mlpipeline.core.domain.Detection;
import dev.mlpipeline.core.domain.EndpointStats;
import dev.mlpipeline.core.domain.FrameRecord;
import dev.mlpipeline.core.domain.ProcessingStats;
import dev.mlpipeline.core.port.DetectionsSink;
import dev.mlpipeline.core.port.FrameImageSink;
import dev.mlpipeline.core.port.FrameSource;
import dev.mlpipeline.core.port.InferenceClient;
import dev.mlpipeline.core.port.InferenceException;
import dev.mlpipeline.core.port.InferenceUnavailableException;
import dev.mlpipeline.core.port.VideoFormatException;
import dev.mlpipeline.core.port.VideoFrame;
import dev.mlpipeline.core.port.VideoInfo;
import dev.mlpipeline.core.testing.FakeInferenceClient;
import dev.mlpipeline.core.testing.Frames;
import dev.mlpipeline.core.testing.ListFrameSource;
import dev.mlpipeline.core.testing.RecordingDetectionsSink;
import dev.mlpipeline.core.testing.RecordingVideoSink;
import dev.mlpipeline.core.testing.RecordingVideoSink.Written;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VideoAnnotatorTest {
    private static final PipelineSettings SETTINGS =
            new PipelineSettings(3, 0.25, 4, Duration.ZERO, FailurePolicy.withMaxFailedRatio(0.5));

    @TempDir
    Path dir;
    private final RecordingVideoSink sink = new RecordingVideoSink();
    private final RecordingDetectionsSink detections = new RecordingDetectionsSink();

    private static Detection person(double confidence) {
        return new Detection("person", confidence, new BoundingBox(1, 0, 3, 2));
    }

    private Annotation run(FrameSource source, InferenceClient inference, PipelineSettings settings) throws IOException {
        return new VideoAnnotator(source, inference, sink, detections, settings).annotate(dir.resolve("in.mp4"),
                dir.resolve("annotated_in.mp4"), dir.resolve("annotated_in.detections.json"), () -> false,
                ProgressListener.NONE);
    }

    @Test
    void sendsEveryThirdFrameDropsWeakDetectionsAndCarriesBoxesBetweenSamples() throws IOException {
        FakeInferenceClient model = new FakeInferenceClient(frame -> frame.index() == 3
                ? List.of(person(0.9), person(0.1)) : List.of());

        Annotation result = run(new ListFrameSource(info(8), frames(8)), model, SETTINGS);

        assertEquals(List.of(0L, 3L, 6L), model.askedFrames().stream().sorted().toList());
        List<Written> written = sink.committed(dir.resolve("annotated_in.mp4"));
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L), written.stream().map(Written::frameIndex).toList());
        assertEquals(List.of(0, 0, 0, 1, 1, 1, 0, 0), written.stream().map(w -> w.detections().size()).toList());
        ProcessingStats stats = result.stats();
        assertEquals(8, stats.totalFrames());
        assertEquals(3, stats.processedFrames());
        assertEquals(1, stats.totalDetections());
        assertEquals(Map.of("person", 1L), stats.detectionStats());
        assertEquals(0, stats.failedFrames());
        assertEquals(8 / 30.0, stats.videoDuration(), 0.001);
        assertEquals(Frames.WIDTH, stats.width());
        assertEquals(30.0, stats.fps());
        assertTrue(stats.stageSeconds().keySet().containsAll(List.of("decode", "inference", "encode", "wall")));
    }

    @Test
    void framesAreRecycledOnceWrittenExceptThoseTheRunStillNeeds() throws IOException {
        FakeInferenceClient model = new FakeInferenceClient(frame -> frame.index() == 3
                ? List.of(person(0.9)) : List.of());
        ListFrameSource source = new ListFrameSource(info(8), frames(8));

        run(source, model, SETTINGS);

        // 0 was the thumbnail when it was written (the first sample), 3 then took its place (it shows the most)
        assertEquals(List.of(1L, 2L, 4L, 5L, 6L, 7L), source.recycled());
        assertEquals(8, sink.committed(dir.resolve("annotated_in.mp4")).size());
    }

    @Test
    void aFrameWithAnImageGoesBackToTheDecoderOnceItsImageIsSavedButTheThumbnailStays() throws IOException {
        FakeInferenceClient model = new FakeInferenceClient(frame -> frame.index() == 3
                ? List.of(person(0.9)) : List.of());
        ListFrameSource source = new ListFrameSource(info(8), frames(8));
        List<String> early = new CopyOnWriteArrayList<>();
        FrameImageSink images = (frame, found, target) -> {
            if (source.recycled().contains(frame.index())) {
                early.add("frame " + frame.index() + " was given back before its image was saved");
            }
            created(target);
        };
        FrameContext all = new FrameContext(null, null, null, null, Duration.ZERO,
                new FrameImages(images, SaveFrames.ALL, dir.resolve("frames"), "/uploads/x/frames"));

        new VideoAnnotator(source, model, sink, detections, SETTINGS).annotate(dir.resolve("in.mp4"),
                dir.resolve("annotated_in.mp4"), dir.resolve("annotated_in.detections.json"), all, () -> false,
                ProgressListener.NONE);

        assertEquals(List.of(), early);
        // samples 0, 3 and 6 have images; 0 was the thumbnail when it was saved, 3 then took its place
        assertEquals(Set.of(1L, 2L, 4L, 5L, 6L, 7L), Set.copyOf(source.recycled()));
        assertEquals(6, source.recycled().size(), "each once");
    }

    @Test
    void theRunsThreadsCarryTheContextOfTheThreadThatStartedIt() throws IOException {
        ThreadLocal<String> job = new ThreadLocal<>();
        TaskContext carry = task -> {
            String seen = job.get();
            return () -> {
                job.set(seen);
                try {
                    task.run();
                } finally {
                    job.remove();
                }
            };
        };
        Set<String> askedIn = ConcurrentHashMap.newKeySet();
        FakeInferenceClient model = new FakeInferenceClient(frame -> {
            askedIn.add(Thread.currentThread().getName().replaceAll("-\\d+", "") + " " + job.get());
            return List.of(person(0.9));
        });
        Set<String> savedIn = ConcurrentHashMap.newKeySet();
        FrameImageSink images = (frame, found, target) -> {
            savedIn.add(Thread.currentThread().getName() + " " + job.get());
            created(target);
        };
        FrameContext all = new FrameContext(null, null, null, null, Duration.ZERO,
                new FrameImages(images, SaveFrames.ALL, dir.resolve("frames"), "/uploads/x/frames"));
        job.set("job-1");
        try {
            new VideoAnnotator(new ListFrameSource(info(8), frames(8)), model, sink, detections, SETTINGS)
                    .withTaskContext(carry).annotate(dir.resolve("in.mp4"), dir.resolve("annotated_in.mp4"),
                            dir.resolve("annotated_in.detections.json"), all, () -> false, ProgressListener.NONE);
        } finally {
            job.remove();
        }

        assertEquals(Set.of("inference job-1"), askedIn);
        assertTrue(savedIn.contains("frame-images job-1"), savedIn.toString());
        assertTrue(savedIn.stream().allMatch(saved -> saved.endsWith(" job-1")), "the thumbnail too: " + savedIn);
    }

    @Test
    void framesLeaveInOrderWhileSeveralRequestsAreInFlight() throws IOException {
        CountDownLatch fourAtOnce = new CountDownLatch(4);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        InferenceClient slow = new FakeInferenceClient(frame -> {
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            fourAtOnce.countDown();
            try {
                fourAtOnce.await(2, TimeUnit.SECONDS);
                Thread.sleep(ThreadLocalRandom.current().nextInt(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            running.decrementAndGet();
            return List.of(new Detection("f" + frame.index(), 1, new BoundingBox(0, 0, 1, 1)));
        });

        run(new ListFrameSource(info(90), frames(90)), slow, SETTINGS);

        assertEquals(4, mostAtOnce.get(), "maxInFlight requests overlap, and no more");
        List<Written> written = sink.committed(dir.resolve("annotated_in.mp4"));
        for (int i = 0; i < 90; i++) {
            assertEquals(i, written.get(i).frameIndex());
            assertEquals("f" + (i - i % 3), written.get(i).detections().get(0).className());
        }
    }

    @Test
    void givenASlowModel_thenMoreRequestsGoOutAtOnceThanTheRunStartedWithUpToTheCap() throws IOException {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        InferenceClient slow = new FakeInferenceClient(frame -> {
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            running.decrementAndGet();
            return List.of(new Detection("f" + frame.index(), 1, new BoundingBox(0, 0, 1, 1)));
        });
        PipelineSettings capTen = new PipelineSettings(3, 0.25, 10, Duration.ZERO, FailurePolicy.withMaxFailedRatio(0));

        run(new ListFrameSource(info(300), frames(300)), slow, capTen);

        // the encoder here costs nothing, so it always waits on the model: the limit climbs to the cap
        assertEquals(10, mostAtOnce.get(), "grew from " + InFlightLimit.INITIAL + " to the cap, and no further");
        List<Written> written = sink.committed(dir.resolve("annotated_in.mp4"));
        for (int i = 0; i < 300; i++) {
            assertEquals(i, written.get(i).frameIndex());
            assertEquals("f" + (i - i % 3), written.get(i).detections().get(0).className());
        }
    }

    @Test
    void givenAModelThatIsThrottledPastSixAtOnce_thenTheRunSendsFewerAndFewFramesFail() throws IOException {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger throttled = new AtomicInteger();
        InferenceClient busy = new FakeInferenceClient(frame -> {
            try {
                if (running.incrementAndGet() > 6) {
                    throttled.incrementAndGet();
                    throw new InferenceException("ThrottlingException: Rate exceeded", true, true, null);
                }
                Thread.sleep(5);
                return List.of();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return List.of();
            } finally {
                running.decrementAndGet();
            }
        });
        PipelineSettings everyFrame = new PipelineSettings(1, 0.25, 32, Duration.ZERO,
                FailurePolicy.withMaxFailedRatio(0.5));

        Annotation result = run(new ListFrameSource(info(400), frames(400)), busy, everyFrame);

        assertEquals(400, result.stats().totalFrames());
        // without backing off, the limit would sit at the cap of 32 and most requests would be refused
        assertTrue(throttled.get() > 0, "the model was pushed to its limit");
        assertTrue(result.stats().failedFrames() < 40, "failed: " + result.stats().failedFrames());
        assertEquals(throttled.get(), result.stats().failedFrames());
    }

    @Test
    void givenAClientWithMaxConcurrencyOne_thenItSeesTheSampledFramesOneAtATimeInOrder() throws IOException {
        List<Long> seen = new ArrayList<>();
        AtomicInteger running = new AtomicInteger();
        InferenceClient motion = new InferenceClient() {
            @Override
            public List<Detection> detect(VideoFrame frame) {
                assertEquals(1, running.incrementAndGet());
                seen.add(frame.index());
                running.decrementAndGet();
                return List.of();
            }

            @Override
            public String describe() {
                return "stateful";
            }

            @Override
            public int maxConcurrency() {
                return 1;
            }
        };

        run(new ListFrameSource(info(60), frames(60)), motion, SETTINGS);

        assertEquals(List.of(0L, 3L, 6L, 9L, 12L, 15L, 18L, 21L, 24L, 27L, 30L, 33L, 36L, 39L, 42L, 45L, 48L, 51L,
                54L, 57L), seen);
    }

    @Test
    void givenAFailedFrame_thenItIsCountedAndThePreviousBoxesStay() throws IOException {
        InferenceClient flaky = new FakeInferenceClient(frame -> {
            if (frame.index() == 3) {
                throw new InferenceException("endpoint said no", true, null);
            }
            return List.of(person(0.8));
        });

        Annotation result = run(new ListFrameSource(info(6), frames(6)), flaky, SETTINGS);

        assertEquals(1, result.stats().failedFrames());
        assertEquals(2, result.stats().processedFrames());
        List<Written> written = sink.committed(dir.resolve("annotated_in.mp4"));
        assertEquals(List.of(1, 1, 1, 1, 1, 1), written.stream().map(w -> w.detections().size()).toList());
        RecordingDetectionsSink.Committed record = detections.committed(result.detections());
        assertEquals(List.of(new FrameRecord(0, 0, List.of(person(0.8).onTrack(1)), null, null),
                new FrameRecord(3, 100_000, List.of(), "endpoint said no", null)), record.frames());
    }

    @Test
    void givenMoreFailedFramesThanAllowed_thenTheRunFailsSayingWhyAndPublishesNothing() {
        PipelineSettings strict = new PipelineSettings(3, 0.25, 1, Duration.ZERO, FailurePolicy.defaults());
        FakeInferenceClient flaky = new FakeInferenceClient(frame -> {
            if (frame.index() % 9 == 0) {
                throw new InferenceException("throttled", true, null);
            }
            return List.of();
        });

        InferenceFailedException e = assertThrows(InferenceFailedException.class,
                () -> run(new ListFrameSource(info(0), frames(90)), flaky, strict));

        assertEquals("inference failed on 10 of 30 sampled frames, more than MAX_FAILED_FRAME_RATIO 10%;"
                + " last error: throttled", e.getMessage());
        assertNothingLeftIn(dir);
    }

    @Test
    void givenFailuresWithinTheAllowedShare_thenTheRunCompletes() throws IOException {
        PipelineSettings lenient = new PipelineSettings(3, 0.25, 1, Duration.ZERO, FailurePolicy.defaults());
        FakeInferenceClient rare = new FakeInferenceClient(frame -> {
            if (frame.index() == 30) {
                throw new InferenceException("one bad frame", true, null);
            }
            return List.of();
        });

        Annotation result = run(new ListFrameSource(info(90), frames(90)), rare, lenient);

        assertEquals(1, result.stats().failedFrames());
    }

    @Test
    void givenTheModelFailsOnEveryFrameOfALongVideo_thenTheRunStopsEarly() {
        PipelineSettings strict = new PipelineSettings(3, 0.25, 1, Duration.ZERO, FailurePolicy.defaults());
        FakeInferenceClient down = new FakeInferenceClient(frame -> {
            throw new InferenceException("503 after retries", true, null);
        });

        assertThrows(InferenceFailedException.class,
                () -> run(new ListFrameSource(info(3000), frames(3000)), down, strict));

        assertTrue(down.askedFrames().size() < 200, "asked " + down.askedFrames().size() + " of 1000 samples");
    }

    @Test
    void givenAModelThatNeverAnswersOnAVideoOfUnknownLength_thenTheRunStopsAfterAFewFrames() {
        FakeInferenceClient silent = new FakeInferenceClient(frame -> {
            throw new InferenceException("timed out", true, null);
        });

        InferenceFailedException e = assertThrows(InferenceFailedException.class,
                () -> run(new ListFrameSource(info(0), frames(3000)), silent, SETTINGS));

        assertEquals("inference failed on the first 5 sampled frames; last error: timed out", e.getMessage());
        assertTrue(silent.askedFrames().size() < 50, "asked " + silent.askedFrames().size());
    }

    @Test
    void givenARecordAlreadyPublished_thenTheRunFailsAndTheRecordStaysAsItWas() throws IOException {
        Annotation first = run(new ListFrameSource(info(3), frames(3)), FakeInferenceClient.always(List.of()),
                SETTINGS);
        RecordingDetectionsSink.Committed published = detections.committed(first.detections());

        assertThrows(FileAlreadyExistsException.class, () -> run(new ListFrameSource(info(6), frames(6)),
                FakeInferenceClient.always(List.of(person(0.9))), SETTINGS));

        assertEquals(published, detections.committed(first.detections()));
    }

    @Test
    void eachVideoGetsItsOwnInstanceOfAStatefulClient() throws IOException {
        AtomicInteger sessions = new AtomicInteger();
        FakeInferenceClient stateful = new FakeInferenceClient(frame -> List.of()) {
            @Override
            public InferenceClient forVideo() {
                sessions.incrementAndGet();
                return FakeInferenceClient.always(List.of(person(0.9)));
            }
        };

        Annotation first = run(new ListFrameSource(info(3), frames(3)), stateful, SETTINGS);
        new VideoAnnotator(new ListFrameSource(info(3), frames(3)), stateful, sink, detections, SETTINGS)
                .annotate(dir.resolve("in.mp4"), dir.resolve("second.mp4"), dir.resolve("second.detections.json"),
                        () -> false, ProgressListener.NONE);

        assertEquals(2, sessions.get());
        assertEquals(1, first.stats().totalDetections(), "the per-video instance answered");
        assertEquals(List.of(), stateful.askedFrames());
    }

    @Test
    void givenAnUnreachableModel_thenTheRunStopsAtOnce() {
        FakeInferenceClient unreachable = new FakeInferenceClient(frame -> {
            throw new InferenceUnavailableException("connection refused", null);
        });

        InferenceFailedException e = assertThrows(InferenceFailedException.class,
                () -> run(new ListFrameSource(info(3000), frames(3000)), unreachable, SETTINGS));

        assertEquals("inference unavailable: connection refused", e.getMessage());
        assertTrue(unreachable.askedFrames().size() < 50, "asked " + unreachable.askedFrames().size());
        assertNothingLeftIn(dir);
    }

    @Test
    void theDetectionsRecordAgreesWithTheStats() throws IOException {
        FakeInferenceClient model = new FakeInferenceClient(frame -> frame.index() % 2 == 0
                ? List.of(person(0.5), new Detection("car", 0.75, new BoundingBox(0.5, 0, 2, 1.5)))
                : List.of(person(0.3)));

        Annotation result = run(new ListFrameSource(info(30), frames(30)), model, SETTINGS);

        RecordingDetectionsSink.Committed record = detections.committed(result.detections());
        ProcessingStats stats = result.stats();
        assertEquals(stats.processedFrames(), record.frames().size());
        assertEquals(stats.totalDetections(), record.frames().stream().mapToLong(f -> f.detections().size()).sum());
        assertEquals(new DetectionsSink.Summary(stats.processedFrames(), stats.failedFrames(),
                stats.totalDetections(), stats.detectionStats()), record.summary());
        assertEquals(new DetectionsSink.Header("in.mp4", 30, 4, 2, 3, 0.25), record.header());
    }

    @Test
    void anObjectOnEverySampleCountsOnceInTheUniqueCountsAndItsBoxesCarryItsTrack() throws IOException {
        Annotation result = run(new ListFrameSource(info(30), frames(30)),
                FakeInferenceClient.always(List.of(person(0.9))), SETTINGS);

        assertEquals(Map.of("person", 10L), result.stats().detectionStats());
        assertEquals(Map.of("person", 1L), result.stats().uniqueCounts());
        assertTrue(sink.committed(dir.resolve("annotated_in.mp4")).stream()
                .allMatch(written -> written.detections().get(0).trackId() == 1), "drawn with its track, every frame");
    }

    @Test
    void howEachEndpointDidGoesIntoTheStatsAndAFailingOrLeftOutOneIntoTheWarnings() throws IOException {
        EndpointStats lighting = new EndpointStats("lighting", "rr-lighting", 10, 0, 80.5, 120.0, null, null);
        EndpointStats its = new EndpointStats("its", "rr-its", 7, 3, 90.0, 150.0, "throttled", null);
        EndpointStats oia = new EndpointStats("oia", "rr-oia", 0, 0, 0, 0, null, "endpoint is Updating");
        InferenceClient perVideo = new InferenceClient() {
            @Override
            public List<Detection> detect(VideoFrame frame) {
                return List.of(person(0.9).inCategory("lighting"));
            }

            @Override
            public String describe() {
                return "three endpoints";
            }

            @Override
            public List<EndpointStats> endpointStats() {
                return List.of(lighting, its, oia);
            }
        };
        InferenceClient model = new InferenceClient() {
            @Override
            public List<Detection> detect(VideoFrame frame) {
                throw new AssertionError("a run asks its own client, from forVideo()");
            }

            @Override
            public String describe() {
                return "three endpoints";
            }

            @Override
            public InferenceClient forVideo() {
                return perVideo;
            }
        };

        Annotation result = run(new ListFrameSource(info(30), frames(30)), model, SETTINGS);

        assertEquals(List.of(lighting, its, oia), result.stats().endpoints());
        assertEquals(List.of("category its (endpoint rr-its) failed on 3 of 10 sampled frames; last error: throttled",
                "category oia (endpoint rr-oia) was left out: endpoint is Updating"), result.warnings());
        assertEquals("lighting", detections.committed(result.detections()).frames().get(0).detections().get(0)
                .category());
    }

    @Test
    void withCategoryVideosEachCategoryGetsItsOwnVideoWithOnlyItsBoxes() throws IOException {
        Detection lamp = person(0.9).inCategory("lighting");
        Detection crack = new Detection("crack", 0.8, new BoundingBox(5, 5, 9, 9)).inCategory("pavement");
        InferenceClient twoCategories = new InferenceClient() {
            @Override
            public List<Detection> detect(VideoFrame frame) {
                return List.of(lamp, crack);
            }

            @Override
            public String describe() {
                return "two endpoints";
            }

            @Override
            public List<String> categories() {
                return List.of("lighting", "pavement");
            }
        };
        VideoAnnotator annotator = new VideoAnnotator(new ListFrameSource(info(6), frames(6)), twoCategories, sink,
                detections, SETTINGS);

        Annotation result = annotator.withCategoryVideos(true).annotate(dir.resolve("in.mp4"),
                dir.resolve("annotated_in.mp4"), dir.resolve("annotated_in.detections.json"), () -> false,
                ProgressListener.NONE);

        assertEquals(Map.of("lighting", dir.resolve("annotated_in.lighting.mp4"),
                "pavement", dir.resolve("annotated_in.pavement.mp4")), result.categoryVideos());
        List<Written> lighting = sink.committed(dir.resolve("annotated_in.lighting.mp4"));
        assertEquals(6, lighting.size(), "every frame, from the same decode");
        assertTrue(lighting.stream().allMatch(w -> w.detections().stream()
                .allMatch(d -> d.category().equals("lighting"))), lighting.toString());
        assertEquals(1, lighting.get(0).detections().size());
        assertEquals("pavement", sink.committed(dir.resolve("annotated_in.pavement.mp4")).get(3).detections().get(0)
                .category());
        assertEquals(2, sink.committed(dir.resolve("annotated_in.mp4")).get(0).detections().size(), "both in the main");

        Annotation without = new VideoAnnotator(new ListFrameSource(info(6), frames(6)), twoCategories, sink,
                detections, SETTINGS).annotate(dir.resolve("in.mp4"), dir.resolve("again.mp4"),
                dir.resolve("again.detections.json"), () -> false, ProgressListener.NONE);
        assertEquals(Map.of(), without.categoryVideos(), "off unless asked for");
    }

    @Test
    void theFramesThePolicyPicksGetAnImageAndTheirRecordsItsUrl() throws IOException {
        List<String> saved = new ArrayList<>();
        FrameImageSink images = (frame, found, target) -> saved.add(created(target) + " " + found.size());
        FakeInferenceClient everyOther = new FakeInferenceClient(frame -> frame.index() % 6 == 0
                ? List.of(person(0.9)) : List.of());
        FrameContext withImages = new FrameContext(null, null, null, null, Duration.ZERO,
                new FrameImages(images, SaveFrames.DETECTIONS, dir.resolve("frames"), "/uploads/x/frames"));

        Annotation result = new VideoAnnotator(new ListFrameSource(info(12), frames(12)), everyOther, sink,
                detections, SETTINGS).annotate(dir.resolve("in.mp4"), dir.resolve("annotated_in.mp4"),
                dir.resolve("annotated_in.detections.json"), withImages, () -> false, ProgressListener.NONE);

        assertEquals(List.of("frame_000000_0.00s.jpg 1", "frame_000006_0.20s.jpg 1", "thumbnail.jpg 1"), saved);
        List<String> paths = detections.committed(result.detections()).frames().stream()
                .map(FrameRecord::framePath).toList();
        assertEquals(Arrays.asList("/uploads/x/frames/frame_000000_0.00s.jpg", null,
                "/uploads/x/frames/frame_000006_0.20s.jpg", null), paths);
    }

    @Test
    void theThumbnailIsTheFirstFrameThatShowsTheMostEvenWithoutFrameImages() throws IOException {
        List<String> saved = new ArrayList<>();
        FrameImageSink images = (frame, found, target) -> saved.add(created(target) + " " + frame.index()
                + " " + found.size());
        FakeInferenceClient model = new FakeInferenceClient(frame -> frame.index() == 6 || frame.index() == 12
                ? List.of(person(0.9), new Detection("car", 0.8, new BoundingBox(0, 0, 1, 1))) : List.of(person(0.9)));
        FrameContext none = new FrameContext(null, null, null, null, Duration.ZERO,
                new FrameImages(images, SaveFrames.NONE, dir.resolve("frames"), "/uploads/x/frames"));

        Annotation result = new VideoAnnotator(new ListFrameSource(info(15), frames(15)), model, sink, detections,
                SETTINGS).annotate(dir.resolve("in.mp4"), dir.resolve("annotated_in.mp4"),
                dir.resolve("annotated_in.detections.json"), none, () -> false, ProgressListener.NONE);

        assertEquals(List.of("thumbnail.jpg 6 2"), saved, "no frame image, one thumbnail: frame 6, the first of two");
        assertEquals(dir.resolve("frames").resolve("thumbnail.jpg"), result.thumbnail());
    }

    @Test
    void givenAnImageThatIsGoneWhenTheRunForcesItsImagesToDisk_thenTheRunFails() {
        // the images are not forced one by one but all at the end, before the run reports them saved
        FrameImageSink vanishing = (frame, found, target) -> {
            created(target);
            Files.delete(target);
        };
        FrameContext withImages = new FrameContext(null, null, null, null, Duration.ZERO,
                new FrameImages(vanishing, SaveFrames.ALL, dir.resolve("frames"), "/uploads/x/frames"));

        assertThrows(NoSuchFileException.class, () -> new VideoAnnotator(new ListFrameSource(info(6), frames(6)),
                FakeInferenceClient.always(List.of(person(0.9))), sink, detections, SETTINGS)
                .annotate(dir.resolve("in.mp4"), dir.resolve("annotated_in.mp4"),
                        dir.resolve("annotated_in.detections.json"), withImages, () -> false, ProgressListener.NONE));
        assertEquals(List.of(), sink.committed(dir.resolve("annotated_in.mp4")), "no video published");
        assertNull(detections.committed(dir.resolve("annotated_in.detections.json")));
    }

    /** Creates the image as an empty file, as a sink must (the run forces it to disk); its name. */
    private static Path created(Path target) throws IOException {
        Files.createDirectories(target.getParent());
        return Files.createFile(target).getFileName();
    }

    @Test
    void givenAFrameImageThatCannotBeSaved_thenTheRunFailsAndPublishesNothing() {
        FrameImageSink full = (frame, found, target) -> {
            throw new IOException("No space left on device");
        };
        FrameContext withImages = new FrameContext(null, null, null, null, Duration.ZERO,
                new FrameImages(full, SaveFrames.ALL, dir.resolve("frames"), "/uploads/x/frames"));

        IOException e = assertThrows(IOException.class, () -> new VideoAnnotator(new ListFrameSource(info(30),
                frames(30)), FakeInferenceClient.always(List.of()), sink, detections, SETTINGS).annotate(
                dir.resolve("in.mp4"), dir.resolve("annotated_in.mp4"), dir.resolve("annotated_in.detections.json"),
                withImages, () -> false, ProgressListener.NONE));

        assertEquals("No space left on device", e.getMessage());
        assertEquals(List.of(), sink.committed(dir.resolve("annotated_in.mp4")));
        assertNull(detections.committed(dir.resolve("annotated_in.detections.json")));
    }

    @Test
    void givenNoFrames_thenItFailsAndPublishesNothing() {
        VideoFormatException e = assertThrows(VideoFormatException.class,
                () -> run(new ListFrameSource(info(0), List.of()), FakeInferenceClient.always(List.of()), SETTINGS));

        assertTrue(e.getMessage().contains("no frames"), e.getMessage());
        assertEquals(List.of(), sink.committed(dir.resolve("annotated_in.mp4")));
        assertNothingLeftIn(dir);
    }

    @Test
    void givenCancellation_thenItStopsAndPublishesNothing() {
        AtomicInteger written = new AtomicInteger();
        VideoAnnotator annotator = new VideoAnnotator(new ListFrameSource(info(300), frames(300)),
                FakeInferenceClient.always(List.of()), sink, detections, SETTINGS);

        assertThrows(CancellationException.class, () -> annotator.annotate(dir.resolve("in.mp4"),
                dir.resolve("annotated_in.mp4"), dir.resolve("annotated_in.detections.json"),
                () -> written.get() >= 10, (done, expected) -> written.set((int) done)));

        assertEquals(List.of(), sink.committed(dir.resolve("annotated_in.mp4")));
        assertNothingLeftIn(dir);
    }

    @Test
    void givenADecoderError_thenItIsRaisedAndNothingIsPublished() {
        FrameSource broken = file -> new FrameSource.Stream() {
            private long next;

            @Override
            public VideoInfo info() {
                return Frames.info(100);
            }

            @Override
            public Optional<VideoFrame> next() throws IOException {
                if (next == 5) {
                    throw new IOException("corrupt packet");
                }
                return Optional.of(Frames.frame(next++));
            }

            @Override
            public void close() {
            }
        };

        IOException e = assertThrows(IOException.class,
                () -> run(broken, FakeInferenceClient.always(List.of()), SETTINGS));

        assertEquals("corrupt packet", e.getMessage());
        assertNothingLeftIn(dir);
    }

    @Test
    void memoryIsBoundedByTheQueueWhateverTheLength() throws IOException {
        long mostAhead = mostDecodedAhead(FakeInferenceClient.always(List.of()), SETTINGS);

        assertTrue(mostAhead <= SETTINGS.queueCapacity() + 2,
                "decoded ahead of the encoder: " + mostAhead + ", queue " + SETTINGS.queueCapacity());
    }

    @Test
    void theDecoderRunsAheadOnlyAsFarAsTheRequestsInFlightNeedNotAsFarAsTheCapAllows() throws IOException {
        PipelineSettings capThirtyTwo = new PipelineSettings(3, 0.25, 32, Duration.ZERO,
                FailurePolicy.withMaxFailedRatio(0.5));
        // one frame at a time and answered at once: the limit stays where it starts
        InferenceClient oneAtATime = new FakeInferenceClient(frame -> List.of()) {
            @Override
            public int maxConcurrency() {
                return 1;
            }
        };

        long mostAhead = mostDecodedAhead(oneAtATime, capThirtyTwo);

        int window = (InFlightLimit.INITIAL + 1) * 3;
        assertTrue(mostAhead <= window + 2, "decoded ahead: " + mostAhead + ", window " + window
                + ", while the cap would allow " + capThirtyTwo.queueCapacity());
    }

    /** How far decoding ran ahead of encoding at most, over 5000 frames. */
    private long mostDecodedAhead(InferenceClient model, PipelineSettings settings) throws IOException {
        AtomicLong decoded = new AtomicLong();
        AtomicLong mostAhead = new AtomicLong();
        RecordingVideoSink slowSink = new RecordingVideoSink() {
            @Override
            public Writer create(Path source, Path output, VideoInfo info) {
                Writer inner = super.create(source, output, info);
                return new Writer() {
                    private long written;

                    @Override
                    public void write(VideoFrame frame, List<Detection> detections) throws IOException {
                        mostAhead.accumulateAndGet(decoded.get() - written, Math::max);
                        written++;
                        inner.write(frame, detections);
                    }

                    @Override
                    public void commit() throws IOException {
                        inner.commit();
                    }

                    @Override
                    public void close() {
                        inner.close();
                    }
                };
            }
        };
        FrameSource endless = file -> new FrameSource.Stream() {
            @Override
            public VideoInfo info() {
                return Frames.info(0);
            }

            @Override
            public Optional<VideoFrame> next() {
                long index = decoded.get();
                if (index == 5000) {
                    return Optional.empty();
                }
                decoded.incrementAndGet();
                return Optional.of(Frames.frame(index));
            }

            @Override
            public void close() {
            }
        };

        Annotation result = new VideoAnnotator(endless, model, slowSink, detections, settings)
                .annotate(dir.resolve("in.mp4"), dir.resolve("out.mp4"), dir.resolve("out.json"), () -> false,
                        ProgressListener.NONE);

        assertEquals(5000, result.stats().totalFrames());
        return mostAhead.get();
    }

    private static void assertNothingLeftIn(Path dir) {
        try (var files = Files.list(dir)) {
            List<Path> left = files.toList();
            assertFalse(!left.isEmpty(), "left behind: " + left);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
