package dev.mlpipeline.core.testing;

import static dev.mlpipeline.core.testing.Builders.T0;
import static dev.mlpipeline.core.testing.Builders.aVideo;
import static dev.mlpipeline.core.testing.Builders.aVideoId;
import static dev.mlpipeline.core.testing.Builders.someStats;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mlpipeline.core.domain.Video;
import dev.mlpipeline.core.port.VideoCatalog;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link VideoCatalog} promises. Extend it with a fresh, empty catalog. */
public abstract class VideoCatalogContract {
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
    void recordsProcessingAndProgress() {
        Video video = uploaded();

        catalog.markProcessing(video.id(), "Starting", T0);
        catalog.updateProgress(video.id(), 30, "Processing frame 30/100", T0.plusSeconds(1));

        Video seen = catalog.find(video.id()).orElseThrow();
        assertEquals("processing", seen.status());
        assertEquals(30, seen.progress());
        assertEquals("Processing frame 30/100", seen.processingMessage());
        assertEquals(video.storageUrl(), seen.storageUrl());
    }

    @Test
    void recordsCompletionWithTheResult() {
        Video video = uploaded();
        catalog.markProcessing(video.id(), "Starting", T0);

        catalog.markCompleted(video.id(), "/uploads/annotated_clip.mp4", someStats(), T0.plusSeconds(5));

        Video seen = catalog.find(video.id()).orElseThrow();
        assertEquals("completed", seen.status());
        assertEquals(100, seen.progress());
        assertEquals("/uploads/annotated_clip.mp4", seen.annotatedVideoUrl());
        assertEquals(someStats(), seen.processingStats());
    }

    @Test
    void recordsAnErrorWithItsMessage() {
        Video video = uploaded();

        catalog.markError(video.id(), "the file is not a video", T0);

        Video seen = catalog.find(video.id()).orElseThrow();
        assertEquals("error", seen.status());
        assertEquals("the file is not a video", seen.errorMessage());
    }

    @Test
    void updatesToAnUnknownVideoChangeNothing() {
        Video video = uploaded();

        catalog.markError(aVideoId(), "nobody", T0);

        assertEquals(Optional.of(video), catalog.find(video.id()));
    }
}
