package dev.mlpipeline.core.service;

import static dev.mlpipeline.core.testing.Builders.aPendingJob;
import static dev.mlpipeline.core.testing.Builders.aVideo;
import static dev.mlpipeline.core.testing.Builders.someStats;
import static dev.mlpipeline.core.testing.Frames.frames;
import static dev.mlpipeline.core.testing.Frames.info;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.verify;

import dev.mlpipeline.core.domain.BoundingBox;
import dev.mlpipeline.core.domain.Detection;
import dev.mlpipeline.core.domain.FrameRecord;
import dev.mlpipeline.core.domain.GpsTrack;
import dev.mlpipeline.core.domain.Job;
import dev.mlpipeline.core.domain.JobField;
import dev.mlpipeline.core.domain.JobLifecycle;
import dev.mlpipeline.core.domain.JobResult;
import dev.mlpipeline.core.domain.JobStatus;
import dev.mlpipeline.core.domain.LeaseToken;
import dev.mlpipeline.core.domain.QueueRules;
import dev.mlpipeline.core.domain.Survey;
import dev.mlpipeline.core.domain.TrackPoint;
import dev.mlpipeline.core.domain.Video;
import dev.mlpipeline.core.port.FrameSource;
import dev.mlpipeline.core.port.InferenceClient;
import dev.mlpipeline.core.port.StoreUnavailableException;
import dev.mlpipeline.core.port.TrackReader;
import dev.mlpipeline.core.port.VideoFormatException;
import dev.mlpipeline.core.testing.FakeClock;
import dev.mlpipeline.core.testing.FakeInferenceClient;
import dev.mlpipeline.core.testing.InMemoryJobRepository;
import dev.mlpipeline.core.testing.InMemoryVideoCatalog;
import dev.mlpipeline.core.testing.ListFrameSource;
import dev.mlpipeline.core.testing.Processors;
import dev.mlpipeline.core.testing.RecordingDetectionsSink;
import dev.mlpipeline.core.testing.RecordingVideoSink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link JobProcessor} with the real pipeline on fake ports, run the way the {@link Worker} runs it. */
class JobProcessorPipelineTest {
    private static final PipelineSettings SETTINGS = new PipelineSettings(3, 0.25, 2, Duration.ZERO, FailurePolicy.withMaxFailedRatio(0.5));
    private static final QueueRules RULES = QueueRules.defaults();

    @TempDir
    Path dir;
    private Path uploads;
    private final InMemoryJobRepository jobs = spy(new InMemoryJobRepository());
    private final InMemoryVideoCatalog videos = spy(new InMemoryVideoCatalog());
    private final FakeClock clock = new FakeClock();
    private final RecordingVideoSink sink = new RecordingVideoSink();
    private final RecordingDetectionsSink detections = new RecordingDetectionsSink();
    private TrackReader tracks = Processors.NO_TRACKS;

    @BeforeEach
    void makeUploads() throws IOException {
        uploads = Files.createDirectories(dir.resolve("uploads"));
    }

    private JobProcessor processor(FrameSource source) {
        return processor(source,
                FakeInferenceClient.always(List.of(new Detection("person", 0.9, new BoundingBox(0, 0, 2, 2)))));
    }

    private JobProcessor processor(FrameSource source, InferenceClient inference) {
        VideoAnnotator annotator = new VideoAnnotator(source, inference, sink, detections, SETTINGS);
        UploadFolder folder = new UploadFolder(uploads);
        return new JobProcessor(videos, clock, folder, annotator,
                new Janitor(folder, jobs, videos, clock, RULES.lease()), new TrackPlacement(tracks, Duration.ZERO));
    }

    /** Queues a job for the video and runs it to its end, as worker {@code w1}. */
    private Job run(FrameSource source, Video video) {
        videos.add(video);
        Job job = aPendingJob().forVideo(video.id()).build();
        jobs.insert(job);
        new Worker(jobs, processor(source), clock, new WorkerSettings("w1", Duration.ofHours(1), RULES)).runNext();
        return after(job);
    }

    private Job after(Job job) {
        return jobs.findById(job.id()).orElseThrow();
    }

    private Path attemptFolder(Job job, int attempt) {
        return uploads.resolve("annotated").resolve(job.id().hex()).resolve(attempt + "-w1");
    }

    private String attemptUrl(Job job, int attempt) {
        return "/uploads/annotated/" + job.id().hex() + "/" + attempt + "-w1/";
    }

    @Test
    void framesAreRecordedWithTheVideosSurveyFieldsAndTheirPlaceOnItsTrack() throws IOException {
        Files.write(uploads.resolve("sample.mp4"), new byte[] {1});
        Files.writeString(uploads.resolve("sample.gpx"), "<gpx/>");
        Instant start = Instant.parse("2025-03-14T07:21:05Z");
        tracks = file -> {
            assertEquals(uploads.resolve("sample.gpx").toRealPath(), file);
            return new GpsTrack(List.of(new TrackPoint(25.0, 51.0, null, start),
                    new TrackPoint(25.001, 51.0, null, start.plusSeconds(1))));
        };
        Video video = aVideo().withFile("sample.mp4").build().withSurvey(new Survey("s-1", 7, "/uploads/sample.gpx"));

        Job done = run(new ListFrameSource(info(9), frames(9)), video);

        assertEquals(JobStatus.COMPLETED, done.status());
        RecordingDetectionsSink.Committed record = detections.committed(
                attemptFolder(done, 1).resolve("annotated_sample.detections.json"));
        assertEquals(new Survey("s-1", 7, "/uploads/sample.gpx"), record.header().survey());
        assertEquals(new LeaseToken(done.id(), "w1", 1), record.header().attempt());
        FrameRecord sixth = record.frames().get(2);
        assertEquals(6, sixth.frameNumber());
        assertEquals(25.0002, sixth.position().lat(), 1e-9, "0.2 s into a track that moves 0.001 degrees a second");
        assertEquals(List.of(), done.result().warnings());
    }

    @Test
    void aTrackThatCannotBeUsedLeavesTheFramesUnplacedAndTheJobCompletesSayingWhy() throws IOException {
        Files.write(uploads.resolve("sample.mp4"), new byte[] {1});
        Video video = aVideo().withFile("sample.mp4").build().withSurvey(new Survey(null, null, "/uploads/gone.gpx"));

        Job done = run(new ListFrameSource(info(9), frames(9)), video);

        assertEquals(JobStatus.COMPLETED, done.status());
        assertEquals(List.of("GPS track /uploads/gone.gpx not used, frames have no location: track file not found:"
                + " gone.gpx"), done.result().warnings());
        assertTrue(detections.committed(attemptFolder(done, 1).resolve("annotated_sample.detections.json"))
                .frames().stream().allMatch(frame -> frame.position() == null));
    }

    @Test
    void completesTheJobWithTheOriginsResultFieldsInTheAttemptsOwnFolder() throws IOException {
        Files.write(uploads.resolve("sample.mp4"), new byte[] {1});
        Video video = aVideo().withFile("sample.mp4").build();

        Job done = run(new ListFrameSource(info(9), frames(9)), video);

        assertEquals(JobStatus.COMPLETED, done.status());
        assertEquals(100, done.progress());
        Path folder = attemptFolder(done, 1);
        assertEquals(attemptUrl(done, 1) + "annotated_sample.mp4", done.result().annotatedVideoUrl());
        assertEquals(attemptUrl(done, 1) + "annotated_sample.detections.json", done.result().detectionsUrl());
        assertEquals(List.of(), done.result().warnings());
        assertEquals(9, done.result().stats().totalFrames());
        assertEquals(3, done.result().stats().processedFrames());
        assertEquals(Map.of("person", 3L), done.result().stats().detectionStats());
        assertEquals(folder.resolve("annotated_sample.mp4").toString(), done.result().stats().outputPath());
        assertEquals(9, sink.committed(folder.resolve("annotated_sample.mp4")).size());
        assertEquals(3, detections.committed(folder.resolve("annotated_sample.detections.json")).frames().size());
        Video updated = videos.find(video.id()).orElseThrow();
        assertEquals("completed", updated.status());
        assertEquals(done.result().annotatedVideoUrl(), updated.annotatedVideoUrl());
        assertEquals(done.result().stats(), updated.processingStats());
        LeaseToken attempt = new LeaseToken(done.id(), "w1", 1);
        assertEquals(attempt, updated.pipelineLease());
        verify(jobs, atLeastOnce()).apply(argThat(t -> t != null && t.action().equals("record progress")
                && "Processing frame 1/9".equals(t.changes().sets().get(JobField.STATUS_MESSAGE))));
        verify(videos, atLeastOnce()).updateProgress(eq(video.id()), eq(attempt), anyInt(),
                eq("Processing frame 1/9"), any(), any());
    }

    @Test
    void givenInputsWithTheSameName_thenEachJobPublishesItsOwnOutput() throws IOException {
        Files.createDirectories(uploads.resolve("s1"));
        Files.createDirectories(uploads.resolve("s2"));
        Files.write(uploads.resolve("s1/clip.mp4"), new byte[] {1});
        Files.write(uploads.resolve("s2/clip.mp4"), new byte[] {2});
        Files.write(uploads.resolve("clip.mov"), new byte[] {3});

        List<String> urls = Stream.of("s1/clip.mp4", "s2/clip.mp4", "clip.mov")
                .map(file -> run(new ListFrameSource(info(3), frames(3)), aVideo().withFile(file).build()))
                .map(job -> job.result().annotatedVideoUrl())
                .toList();

        assertEquals(3, urls.stream().distinct().count(), urls.toString());
        assertTrue(urls.stream().allMatch(url -> url.endsWith("/annotated_clip.mp4")), urls.toString());
    }

    @Test
    void givenAVideoCutShort_thenTheJobCompletesWithAWarningThatSaysHowMuchIsMissing() throws IOException {
        Files.write(uploads.resolve("cut.mp4"), new byte[] {1});
        // the container declares 90 frames (3 s); only 60 (2 s) decode
        Job done = run(new ListFrameSource(info(90), frames(60)), aVideo().withFile("cut.mp4").build());

        assertEquals(JobStatus.COMPLETED, done.status());
        assertEquals(List.of("the video ends early: 2.0 s of the 3.0 s that cut.mp4 declares were decoded,"
                + " 1.0 s (33%) missing; the file may have been cut short"), done.result().warnings());
    }

    @Test
    void givenMostOfTheVideoMissing_thenTheJobFailsAndNothingIsPublished() throws IOException {
        Files.write(uploads.resolve("cut.mp4"), new byte[] {1});

        Job done = run(new ListFrameSource(info(90), frames(30)), aVideo().withFile("cut.mp4").build());

        assertFailedWith(done, "only 1.0 s of the 3.0 s that cut.mp4 declares could be decoded (33%): the file is"
                + " cut short or damaged");
        assertFalse(Files.exists(uploads.resolve("annotated").resolve(done.id().hex())));
    }

    @Test
    void givenAVideoWithinTheToleranceOfItsDeclaredLength_thenNoWarning() throws IOException {
        Files.write(uploads.resolve("clip.mp4"), new byte[] {1});

        Job done = run(new ListFrameSource(info(90), frames(80)), aVideo().withFile("clip.mp4").build());

        assertEquals(List.of(), done.result().warnings());
    }

    @Test
    void givenAMissingFile_thenJobFailsAndVideoIsInError() {
        Job done = run(new ListFrameSource(info(9), frames(9)), aVideo().withFile("gone.mp4").build());

        assertFailedWith(done, "video file not found: gone.mp4");
    }

    @Test
    void givenAStorageUrlThatClimbsOutOfTheUploadFolder_thenJobFails() throws IOException {
        Files.write(dir.resolve("secret.mp4"), new byte[] {1});

        Job done = run(new ListFrameSource(info(9), frames(9)), aVideo().withFile("../secret.mp4").build());

        assertFailedWith(done, "storage_url leads outside UPLOAD_DIR: /uploads/../secret.mp4");
    }

    @Test
    void givenASymlinkOutOfTheUploadFolder_thenJobFails() throws IOException {
        Files.write(dir.resolve("secret.mp4"), new byte[] {1});
        Files.createSymbolicLink(uploads.resolve("link.mp4"), dir.resolve("secret.mp4"));

        Job done = run(new ListFrameSource(info(9), frames(9)), aVideo().withFile("link.mp4").build());

        assertFailedWith(done, "storage_url leads outside UPLOAD_DIR through a link: /uploads/link.mp4");
    }

    @Test
    void givenAFileThatIsNotAVideo_thenJobFailsWithTheDecodersReasonAndLeavesNoFolder() throws IOException {
        Files.writeString(uploads.resolve("notes.mp4"), "hello");
        FrameSource refuses = file -> {
            throw new VideoFormatException("not a video: notes.mp4 (invalid data)", null);
        };

        Job done = run(refuses, aVideo().withFile("notes.mp4").build());

        assertFailedWith(done, "not a video: notes.mp4 (invalid data)");
        assertFalse(Files.exists(uploads.resolve("annotated").resolve(done.id().hex())));
    }

    @Test
    void givenAVideoWithNoFrames_thenJobFailsAndNothingIsPublished() throws IOException {
        Files.write(uploads.resolve("empty.mp4"), new byte[] {1});

        Job done = run(new ListFrameSource(info(0), List.of()), aVideo().withFile("empty.mp4").build());

        assertFailedWith(done, "video has no frames: empty.mp4");
        assertEquals(List.of(), sink.committed(attemptFolder(done, 1).resolve("annotated_empty.mp4")));
        assertFalse(Files.exists(attemptFolder(done, 1)));
    }

    @Test
    void givenACancelledAttempt_thenItReportsCancelledAndLeavesNoFiles() throws IOException {
        Files.write(uploads.resolve("sample.mp4"), new byte[] {1});
        Video video = videos.add(aVideo().withFile("sample.mp4").build());
        jobs.insert(aPendingJob().forVideo(video.id()).build());
        Job claimed = jobs.claimNext("w1", clock.now(), RULES).orElseThrow();
        jobs.apply(JobLifecycle.start(claimed.token(), "Starting", clock.now()));
        JobContext context = new JobContext(claimed.token(), jobs, clock);
        context.cancel(JobContext.Cancellation.WORKER_STOPPING);

        Outcome outcome = processor(new ListFrameSource(info(9), frames(9))).process(claimed, context);

        assertEquals(Outcome.CANCELLED, outcome);
        assertEquals(JobStatus.PROCESSING, after(claimed).status());
        assertFalse(Files.exists(attemptFolder(claimed, 1)));
    }

    @Test
    void givenTheJobIsCancelledDuringTheRun_thenNothingIsPublishedAndTheVideoSaysCancelled() throws IOException {
        Files.write(uploads.resolve("sample.mp4"), new byte[] {1});
        Video video = videos.add(aVideo().withFile("sample.mp4").build());
        Job job = aPendingJob().forVideo(video.id()).build();
        jobs.insert(job);
        FakeInferenceClient cancelling = new FakeInferenceClient(frame -> {
            jobs.override(JobLifecycle.cancel(job.id(), clock.now())); // an operator, as the model answers
            return List.of();
        });

        new Worker(jobs, processor(new ListFrameSource(info(9), frames(9)), cancelling), clock,
                new WorkerSettings("w1", Duration.ofHours(1), RULES)).runNext();

        assertEquals(JobStatus.CANCELLED, after(job).status());
        assertNull(after(job).result());
        assertEquals("cancelled", videos.find(video.id()).orElseThrow().status());
        assertFalse(Files.exists(attemptFolder(job, 1)), "the attempt's files are removed");
        assertFalse(Files.exists(attemptFolder(job, 1).getParent()));
    }

    @Test
    void givenTheJobWasTakenOverBeforeTheVideoWasTaken_thenTheAttemptStopsWithoutTouchingTheVideo()
            throws IOException {
        Files.write(uploads.resolve("sample.mp4"), new byte[] {1});
        Video video = videos.add(aVideo().withFile("sample.mp4").build());
        jobs.insert(aPendingJob().forVideo(video.id()).build());
        Job first = jobs.claimNext("w1", clock.now(), RULES).orElseThrow();
        jobs.apply(JobLifecycle.start(first.token(), "Starting", clock.now()));
        jobs.claimNext("w2", clock.now().plus(RULES.lease()), RULES).orElseThrow();
        JobContext stale = new JobContext(first.token(), jobs, clock);

        Outcome outcome = processor(new ListFrameSource(info(9), frames(9))).process(first, stale);

        assertEquals(Outcome.CANCELLED, outcome);
        assertEquals(JobContext.Cancellation.LEASE_LOST, stale.cancellation());
        assertEquals(video, videos.find(video.id()).orElseThrow());
    }

    @Test
    void givenAnAttemptWhoseOutcomeIsRejected_thenItsPublishedFilesAreRemoved() throws IOException {
        Files.write(uploads.resolve("sample.mp4"), new byte[] {1});
        Files.createDirectories(uploads.resolve("annotated/x"));
        JobProcessor processor = processor(new ListFrameSource(info(9), frames(9)));
        Job job = aPendingJob().build();
        LeaseToken token = new LeaseToken(job.id(), "w1", 1);
        Path folder = new UploadFolder(uploads).attemptFolder(token);
        Files.createDirectories(folder);
        Files.write(folder.resolve("annotated_sample.mp4"), new byte[] {9});

        processor.rejected(job, token, new Outcome.Failed("late"));

        assertFalse(Files.exists(folder));
        assertFalse(Files.exists(folder.getParent()));
    }

    @Test
    void givenATakeover_thenTheEarlierAttemptsLeftoversAreRemoved() throws IOException {
        Files.write(uploads.resolve("sample.mp4"), new byte[] {1});
        Video video = videos.add(aVideo().withFile("sample.mp4").build());
        Job job = aPendingJob().forVideo(video.id()).build();
        jobs.insert(job);
        Job dead = jobs.claimNext("w0", clock.now().minus(RULES.lease()), RULES).orElseThrow();
        Path leftover = new UploadFolder(uploads).attemptFolder(dead.token());
        Files.createDirectories(leftover);
        Files.write(leftover.resolve(".annotated_sample.1f2e.part.mp4"), new byte[] {1});
        FileTime killedAt = FileTime.from(Instant.now().minus(RULES.lease()));
        Files.setLastModifiedTime(leftover.resolve(".annotated_sample.1f2e.part.mp4"), killedAt);
        Files.setLastModifiedTime(leftover, killedAt);

        new Worker(jobs, processor(new ListFrameSource(info(9), frames(9))), clock,
                new WorkerSettings("w1", Duration.ofHours(1), RULES)).runNext();

        assertEquals(JobStatus.COMPLETED, after(job).status());
        assertFalse(Files.exists(leftover));
        assertTrue(Files.exists(attemptFolder(job, 2)));
    }

    @Test
    void givenAnUnexpectedErrorInTheAdapters_thenBothJobAndVideoRecordIt() throws IOException {
        Files.write(uploads.resolve("sample.mp4"), new byte[] {1});
        FrameSource broken = file -> {
            throw new IllegalStateException("native decoder crashed");
        };

        Job done = run(broken, aVideo().withFile("sample.mp4").build());

        assertFailedWith(done, "processing failed: java.lang.IllegalStateException: native decoder crashed");
    }

    @Test
    void givenTheDatabaseHiccupsDuringAProgressWrite_thenTheJobStillCompletes() throws IOException {
        Files.write(uploads.resolve("sample.mp4"), new byte[] {1});
        doThrow(new StoreUnavailableException("MongoDB is unavailable", null))
                .when(jobs).apply(argThat(t -> t != null && t.action().equals("record progress")));

        Job done = run(new ListFrameSource(info(9), frames(9)), aVideo().withFile("sample.mp4").build());

        assertEquals(JobStatus.COMPLETED, done.status());
    }

    @Test
    void givenAWorkerDiedBetweenFinishingTheJobAndUpdatingItsVideo_thenTheSweepRepairsTheVideo()
            throws IOException {
        Video completedVideo = videos.add(aVideo().build());
        Video failedVideo = videos.add(aVideo().build());
        Video runningVideo = videos.add(aVideo().build());
        Job completed = leftProcessing(completedVideo);
        Job failed = leftProcessing(failedVideo);
        Job running = leftProcessing(runningVideo);
        Video cancelledVideo = videos.add(aVideo().build());
        Job cancelled = leftProcessing(cancelledVideo);
        jobs.override(JobLifecycle.cancel(cancelled.id(), clock.now()));
        JobResult result = new JobResult("/uploads/annotated/x/1-w1/annotated_clip.mp4", someStats(), null);
        jobs.apply(JobLifecycle.complete(completed.token(), result, clock.now()));
        jobs.apply(JobLifecycle.fail(failed.token(), "broken", clock.now()));

        processor(new ListFrameSource(info(1), frames(1))).sweep();

        assertEquals("completed", videos.find(completedVideo.id()).orElseThrow().status());
        assertEquals(result.annotatedVideoUrl(), videos.find(completedVideo.id()).orElseThrow().annotatedVideoUrl());
        assertEquals("error", videos.find(failedVideo.id()).orElseThrow().status());
        assertEquals("broken", videos.find(failedVideo.id()).orElseThrow().errorMessage());
        assertEquals("cancelled", videos.find(cancelledVideo.id()).orElseThrow().status());
        assertEquals("processing", videos.find(runningVideo.id()).orElseThrow().status(), "its job is still held");
        assertEquals(JobStatus.PROCESSING, after(running).status());
    }

    /** A job started and its video taken, as a worker leaves them just before it dies. */
    private Job leftProcessing(Video video) {
        jobs.insert(aPendingJob().forVideo(video.id()).build());
        Job claimed = jobs.claimNext("w1", clock.now(), RULES).orElseThrow();
        jobs.apply(JobLifecycle.start(claimed.token(), "Starting", clock.now()));
        videos.markProcessing(video.id(), null, claimed.token(), "Starting", clock.now());
        return claimed;
    }

    @Test
    void anAbandonedJobMarksTheVideoItHadTaken() {
        Video video = videos.add(aVideo().build());
        Job job = aPendingJob().forVideo(video.id()).build();
        videos.markProcessing(video.id(), null, new LeaseToken(job.id(), "w1", 3), "Starting", clock.now());

        processor(new ListFrameSource(info(1), frames(1))).abandoned(job, "abandoned: worker lost");

        assertEquals("error", videos.find(video.id()).orElseThrow().status());
        assertEquals("abandoned: worker lost", videos.find(video.id()).orElseThrow().errorMessage());
    }

    private void assertFailedWith(Job done, String error) {
        assertEquals(JobStatus.FAILED, done.status());
        assertEquals(error, done.error());
        Video video = videos.find(done.videoId()).orElseThrow();
        assertEquals("error", video.status());
        assertNotNull(video.errorMessage());
        assertEquals(error, video.errorMessage());
    }
}
