package dev.mlpipeline.core.testing;

import static dev.mlpipeline.core.testing.Builders.T0;
import static dev.mlpipeline.core.testing.Builders.aVideo;
import static dev.mlpipeline.core.testing.Builders.aVideoId;
import static dev.mlpipeline.core.testing.Builders.someStats;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlpipeline.core.domain.JobId;
import dev.mlpipeline.core.domain.JobResult;
import dev.mlpipeline.core.domain.LeaseToken;
import dev.mlpipeline.core.domain.Video;
import dev.mlpipeline.core.port.VideoCatalog;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link VideoCatalog} promises, fencing included. Extend it with a fresh, empty catalog. */
public abstract class VideoCatalogContract {
    private static final JobId JOB = JobId.next(T0);
    private static final LeaseToken FIRST = new LeaseToken(JOB, "w1", 1);
    private static final LeaseToken SECOND = new LeaseToken(JOB, "w2", 2);

    protected VideoCatalog catalog;

    protected abstract VideoCatalog createCatalog();

    /** Stores a video as the main backend would. */
    protected abstract void addVideo(Video video);

    @BeforeEach
    void setUpCatalog() {
        catalog = createCatalog();
    }

    private Video uploaded() {
        Video video = aVideo().withFile("clip.mp4").build();
        addVideo(video);
        return video;
    }

    private Video seen(Video video) {
        return catalog.find(video.id()).orElseThrow();
    }

    @Test
    void findsAnUploadedVideo() {
        Video video = uploaded();

        assertEquals(Optional.of(video), catalog.find(video.id()));
        assertEquals("clip.mp4", catalog.find(video.id()).orElseThrow().relativePath());
    }

    @Test
    void unknownVideoIsNotFound() {
        assertEquals(Optional.empty(), catalog.find(aVideoId()));
    }

    @Test
    void recordsProcessingAndProgressOfTheAttemptThatTookIt() {
        Video video = uploaded();

        assertTrue(catalog.markProcessing(video.id(), null, FIRST, "Starting", T0));
        assertTrue(catalog.updateProgress(video.id(), FIRST, 30, "Processing frame 30/100", null, T0.plusSeconds(1)));

        Video seen = seen(video);
        assertEquals("processing", seen.status());
        assertEquals(30, seen.progress());
        assertEquals("Processing frame 30/100", seen.processingMessage());
        assertEquals(FIRST, seen.pipelineLease());
        assertEquals(video.storageUrl(), seen.storageUrl());
    }

    @Test
    void takingTheVideoIsACompareAndSet() {
        Video video = uploaded();
        assertTrue(catalog.markProcessing(video.id(), null, FIRST, "Starting", T0));

        assertFalse(catalog.markProcessing(video.id(), null, SECOND, "Starting", T0), "expected none, was taken");
        assertEquals(FIRST, seen(video).pipelineLease());
        assertTrue(catalog.markProcessing(video.id(), FIRST, SECOND, "Starting", T0));
        assertEquals(SECOND, seen(video).pipelineLease());
    }

    @Test
    void givenANewerAttemptTookTheVideo_thenTheOlderOnesWritesChangeNothing() {
        Video video = uploaded();
        catalog.markProcessing(video.id(), null, FIRST, "Starting", T0);
        catalog.markProcessing(video.id(), FIRST, SECOND, "Starting", T0.plusSeconds(1));
        catalog.markCompleted(video.id(), SECOND, new JobResult("/uploads/annotated/second.mp4", someStats(), null),
                T0.plusSeconds(2));

        assertFalse(catalog.updateProgress(video.id(), FIRST, 50, "late", null, T0.plusSeconds(3)));
        assertFalse(catalog.markCompleted(video.id(), FIRST,
                new JobResult("/uploads/annotated/first.mp4", someStats(), null), T0.plusSeconds(3)));
        assertFalse(catalog.markError(video.id(), FIRST, "late", T0.plusSeconds(3)));

        Video seen = seen(video);
        assertEquals("completed", seen.status());
        assertEquals("/uploads/annotated/second.mp4", seen.annotatedVideoUrl());
        assertEquals(100, seen.progress());
    }

    @Test
    void recordsCompletionWithTheResult() {
        Video video = uploaded();
        catalog.markProcessing(video.id(), null, FIRST, "Starting", T0);

        assertTrue(catalog.markCompleted(video.id(), FIRST,
                new JobResult("/uploads/annotated_clip.mp4", someStats(), null), T0.plusSeconds(5)));

        Video seen = seen(video);
        assertEquals("completed", seen.status());
        assertEquals(100, seen.progress());
        assertEquals("/uploads/annotated_clip.mp4", seen.annotatedVideoUrl());
        assertEquals(someStats(), seen.processingStats());
    }

    @Test
    void recordsAnErrorWithItsMessage() {
        Video video = uploaded();
        catalog.markProcessing(video.id(), null, FIRST, "Starting", T0);

        assertTrue(catalog.markError(video.id(), FIRST, "the file is not a video", T0));

        Video seen = seen(video);
        assertEquals("error", seen.status());
        assertEquals("the file is not a video", seen.errorMessage());
    }

    @Test
    void anAbandonedJobMarksTheVideoItTookAndStopsItsProgress() {
        Video video = uploaded();
        catalog.markProcessing(video.id(), null, FIRST, "Starting", T0);

        assertFalse(catalog.markAbandoned(video.id(), JobId.next(T0), "another job", T0));
        assertTrue(catalog.markAbandoned(video.id(), JOB, "abandoned", T0));

        assertEquals("error", seen(video).status());
        assertEquals("abandoned", seen(video).errorMessage());
        assertFalse(catalog.updateProgress(video.id(), FIRST, 70, "late", null, T0.plusSeconds(1)));
        assertEquals("abandoned", seen(video).processingMessage());
        assertTrue(catalog.markProcessing(video.id(), FIRST, SECOND, "Starting", T0.plusSeconds(2)),
                "a later job takes the video from the recorded attempt");
    }

    @Test
    void aCancelledJobMarksTheVideoWhileItsAttemptProcessesIt() {
        Video video = uploaded();
        catalog.markProcessing(video.id(), null, FIRST, "Starting", T0);
        catalog.updateProgress(video.id(), FIRST, 40, "Processing frame 40/100", null, T0);

        assertFalse(catalog.markCancelled(video.id(), SECOND, T0.plusSeconds(1)), "not the attempt that took it");
        assertTrue(catalog.markCancelled(video.id(), FIRST, T0.plusSeconds(1)));

        assertEquals("cancelled", seen(video).status());
        assertEquals("Cancelled", seen(video).processingMessage());
        assertFalse(catalog.updateProgress(video.id(), FIRST, 70, "late", null, T0.plusSeconds(2)));
        assertFalse(catalog.markCancelled(video.id(), FIRST, T0.plusSeconds(2)), "only while processing");
        assertTrue(catalog.markProcessing(video.id(), FIRST, SECOND, "Starting", T0.plusSeconds(3)),
                "a retry takes the video again");
        assertTrue(catalog.markCompleted(video.id(), SECOND,
                new JobResult("/uploads/annotated_clip.mp4", someStats(), null), T0.plusSeconds(4)));
        assertFalse(catalog.markCancelled(video.id(), SECOND, T0.plusSeconds(5)), "a completed video stays so");
        assertEquals("completed", seen(video).status());
    }

    @Test
    void listsTheVideosThatAnAttemptLeftProcessing() {
        Video taken = uploaded();
        Video done = uploaded();
        Video untouched = uploaded();
        catalog.markProcessing(taken.id(), null, FIRST, "Starting", T0);
        catalog.markProcessing(done.id(), null, SECOND, "Starting", T0);
        catalog.markCompleted(done.id(), SECOND, new JobResult("/uploads/annotated/x.mp4", someStats(), null), T0);

        assertEquals(java.util.List.of(taken.id()), catalog.listProcessing(10).stream().map(Video::id).toList());
        assertEquals(untouched, seen(untouched));
        assertEquals(0, catalog.listProcessing(0).size());
    }

    @Test
    void updatesToAnUnknownVideoChangeNothing() {
        Video video = uploaded();

        assertFalse(catalog.markProcessing(aVideoId(), null, FIRST, "nobody", T0));
        assertFalse(catalog.markError(aVideoId(), FIRST, "nobody", T0));

        assertEquals(Optional.of(video), catalog.find(video.id()));
    }
}
