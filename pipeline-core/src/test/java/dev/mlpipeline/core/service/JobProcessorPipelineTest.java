package dev.mlpipeline.core.service;

import static dev.mlpipeline.core.testing.Builders.aPendingJob;
import static dev.mlpipeline.core.testing.Builders.aVideo;
import static dev.mlpipeline.core.testing.Frames.frames;
import static dev.mlpipeline.core.testing.Frames.info;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.verify;

import dev.mlpipeline.core.domain.BoundingBox;
import dev.mlpipeline.core.domain.Detection;
import dev.mlpipeline.core.domain.Job;
import dev.mlpipeline.core.domain.JobStatus;
import dev.mlpipeline.core.domain.Video;
import dev.mlpipeline.core.port.FrameSource;
import dev.mlpipeline.core.port.StoreUnavailableException;
import dev.mlpipeline.core.port.VideoFormatException;
import dev.mlpipeline.core.testing.FakeClock;
import dev.mlpipeline.core.testing.FakeInferenceClient;
import dev.mlpipeline.core.testing.InMemoryJobRepository;
import dev.mlpipeline.core.testing.InMemoryVideoCatalog;
import dev.mlpipeline.core.testing.ListFrameSource;
import dev.mlpipeline.core.testing.RecordingVideoSink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobProcessorPipelineTest {
    private static final PipelineSettings SETTINGS = new PipelineSettings(3, 0.25, 2, Duration.ZERO, 0.5);

    @TempDir
    Path dir;
    private Path uploads;
    private final InMemoryJobRepository jobs = spy(new InMemoryJobRepository());
    private final InMemoryVideoCatalog videos = spy(new InMemoryVideoCatalog());
    private final FakeClock clock = new FakeClock();
    private final RecordingVideoSink sink = new RecordingVideoSink();

    @BeforeEach
    void makeUploads() throws IOException {
        uploads = Files.createDirectories(dir.resolve("uploads"));
    }

    private JobProcessor processor(FrameSource source) {
        VideoAnnotator annotator = new VideoAnnotator(source,
                FakeInferenceClient.always(List.of(new Detection("person", 0.9, new BoundingBox(0, 0, 2, 2)))),
                sink, SETTINGS);
        return new JobProcessor(jobs, videos, clock, new UploadFolder(uploads), annotator);
    }

    private Job claimedJobFor(Video video) {
        videos.add(video);
        jobs.insert(aPendingJob().forVideo(video.id()).build());
        return jobs.claimNext("w1", clock.now(), Duration.ofMinutes(1), 3).orElseThrow();
    }

    private Job after(Job job) {
        return jobs.findById(job.id()).orElseThrow();
    }

    @Test
    void completesTheJobWithTheOriginsResultFieldsAndUpdatesTheVideo() throws IOException {
        Files.write(uploads.resolve("sample.mp4"), new byte[] {1});
        Video video = aVideo().withFile("sample.mp4").build();
        Job job = claimedJobFor(video);

        processor(new ListFrameSource(info(9), frames(9))).process(job, new JobContext("w1"));

        Job done = after(job);
        assertEquals(JobStatus.COMPLETED, done.status());
        assertEquals(100, done.progress());
        assertEquals("/uploads/annotated_sample.mp4", done.result().annotatedVideoUrl());
        assertEquals("/uploads/annotated_sample.detections.json", done.result().detectionsUrl());
        assertEquals(9, done.result().stats().totalFrames());
        assertEquals(3, done.result().stats().processedFrames());
        assertEquals(Map.of("person", 3L), done.result().stats().detectionStats());
        assertEquals(uploads.resolve("annotated_sample.mp4").toString(), done.result().stats().outputPath());
        assertEquals(9, sink.committed(uploads.resolve("annotated_sample.mp4")).size());
        assertTrue(Files.isRegularFile(uploads.resolve("annotated_sample.detections.json")));
        Video updated = videos.find(video.id()).orElseThrow();
        assertEquals("completed", updated.status());
        assertEquals("/uploads/annotated_sample.mp4", updated.annotatedVideoUrl());
        assertEquals(done.result().stats(), updated.processingStats());
        verify(jobs, atLeastOnce()).updateProgress(eq(job.id()), eq("w1"), anyInt(), eq("Processing frame 1/9"), any());
        verify(videos, atLeastOnce()).updateProgress(eq(video.id()), anyInt(), eq("Processing frame 1/9"), any());
    }

    @Test
    void givenAMissingFile_thenJobFailsAndVideoIsInError() {
        Job job = claimedJobFor(aVideo().withFile("gone.mp4").build());

        processor(new ListFrameSource(info(9), frames(9))).process(job, new JobContext("w1"));

        assertFailedWith(job, "video file not found: gone.mp4");
    }

    @Test
    void givenAStorageUrlThatClimbsOutOfTheUploadFolder_thenJobFails() throws IOException {
        Files.write(dir.resolve("secret.mp4"), new byte[] {1});
        Job job = claimedJobFor(aVideo().withFile("../secret.mp4").build());

        processor(new ListFrameSource(info(9), frames(9))).process(job, new JobContext("w1"));

        assertFailedWith(job, "storage_url leads outside UPLOAD_DIR: /uploads/../secret.mp4");
    }

    @Test
    void givenASymlinkOutOfTheUploadFolder_thenJobFails() throws IOException {
        Files.write(dir.resolve("secret.mp4"), new byte[] {1});
        Files.createSymbolicLink(uploads.resolve("link.mp4"), dir.resolve("secret.mp4"));
        Job job = claimedJobFor(aVideo().withFile("link.mp4").build());

        processor(new ListFrameSource(info(9), frames(9))).process(job, new JobContext("w1"));

        assertFailedWith(job, "storage_url leads outside UPLOAD_DIR through a link: /uploads/link.mp4");
    }

    @Test
    void givenAFileThatIsNotAVideo_thenJobFailsWithTheDecodersReason() throws IOException {
        Files.writeString(uploads.resolve("notes.mp4"), "hello");
        Job job = claimedJobFor(aVideo().withFile("notes.mp4").build());
        FrameSource refuses = file -> {
            throw new VideoFormatException("not a video: notes.mp4 (invalid data)", null);
        };

        processor(refuses).process(job, new JobContext("w1"));

        assertFailedWith(job, "not a video: notes.mp4 (invalid data)");
        assertTrue(Files.notExists(uploads.resolve("annotated_notes.mp4")));
    }

    @Test
    void givenAVideoWithNoFrames_thenJobFailsAndNothingIsPublished() throws IOException {
        Files.write(uploads.resolve("empty.mp4"), new byte[] {1});
        Job job = claimedJobFor(aVideo().withFile("empty.mp4").build());

        processor(new ListFrameSource(info(0), List.of())).process(job, new JobContext("w1"));

        assertFailedWith(job, "video has no frames: empty.mp4");
        assertEquals(List.of(), sink.committed(uploads.resolve("annotated_empty.mp4")));
        assertTrue(Files.notExists(uploads.resolve("annotated_empty.detections.json")));
    }

    @Test
    void givenACancelledJob_thenNothingIsRecordedSoTheWorkerCanGiveItBack() throws IOException {
        Files.write(uploads.resolve("sample.mp4"), new byte[] {1});
        Job job = claimedJobFor(aVideo().withFile("sample.mp4").build());
        JobContext context = new JobContext("w1");
        context.cancel(JobContext.Cancellation.WORKER_STOPPING);

        processor(new ListFrameSource(info(9), frames(9))).process(job, context);

        assertEquals(JobStatus.PROCESSING, after(job).status());
        verify(jobs, never()).fail(any(), any(), any(), any());
        verify(jobs, never()).complete(any(), any(), any(), any());
    }

    @Test
    void givenAnUnexpectedErrorInTheAdapters_thenBothJobAndVideoRecordIt() throws IOException {
        Files.write(uploads.resolve("sample.mp4"), new byte[] {1});
        Job job = claimedJobFor(aVideo().withFile("sample.mp4").build());
        FrameSource broken = file -> {
            throw new IllegalStateException("native decoder crashed");
        };

        processor(broken).process(job, new JobContext("w1"));

        assertFailedWith(job, "processing failed: java.lang.IllegalStateException: native decoder crashed");
    }

    @Test
    void givenTheDatabaseHiccupsDuringAProgressWrite_thenTheJobStillCompletes() throws IOException {
        Files.write(uploads.resolve("sample.mp4"), new byte[] {1});
        Job job = claimedJobFor(aVideo().withFile("sample.mp4").build());
        doThrow(new StoreUnavailableException("MongoDB is unavailable", null))
                .when(jobs).updateProgress(any(), any(), anyInt(), any(), any());

        processor(new ListFrameSource(info(9), frames(9))).process(job, new JobContext("w1"));

        assertEquals(JobStatus.COMPLETED, after(job).status());
    }

    @Test
    void anAbandonedJobMarksItsVideoToo() {
        Video video = videos.add(aVideo().build());
        Job job = aPendingJob().forVideo(video.id()).build();

        processor(new ListFrameSource(info(1), frames(1))).abandoned(job, "abandoned: worker lost");

        assertEquals("error", videos.find(video.id()).orElseThrow().status());
        assertEquals("abandoned: worker lost", videos.find(video.id()).orElseThrow().errorMessage());
    }

    private void assertFailedWith(Job job, String error) {
        Job done = after(job);
        assertEquals(JobStatus.FAILED, done.status());
        assertEquals(error, done.error());
        Video video = videos.find(job.videoId()).orElseThrow();
        assertEquals("error", video.status());
        assertNotNull(video.errorMessage());
        assertEquals(error, video.errorMessage());
    }
}
