package dev.mlpipeline.core.service;

import dev.mlpipeline.core.domain.Detection;
import dev.mlpipeline.core.port.FrameImageSink;
import dev.mlpipeline.core.port.VideoFrame;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Saves a run's frame images on a thread of its own, so that drawing and compressing them overlaps with
 * encoding the video instead of holding it up. At most {@link #PENDING} images wait at once (each holds
 * a frame), so memory stays bounded; {@link #finish} waits for the rest, reports the first failure and
 * names the images saved, for the run to force to disk.
 * Used by one run's encoding thread.
 */
final class ImageWriter implements AutoCloseable {
    static final int PENDING = 4;
    // one image takes milliseconds: a longer wait means a stuck file system, which the close should not hang on
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);
    private static final System.Logger LOG = System.getLogger(ImageWriter.class.getName());

    private final FrameImageSink sink;
    private final ExecutorService thread;
    private final Semaphore room = new Semaphore(PENDING);
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final List<Path> saved = new ArrayList<>();

    ImageWriter(FrameImageSink sink) {
        this(sink, TaskContext.NONE);
    }

    /** {@code tasks}: what the writer's thread carries of the thread that starts it. */
    ImageWriter(FrameImageSink sink, TaskContext tasks) {
        this.sink = sink;
        this.thread = Executors.newSingleThreadExecutor(tasks.threads(task -> {
            Thread worker = new Thread(task, "frame-images");
            worker.setDaemon(true);
            return worker;
        }));
    }

    /**
     * Queues the image, then gives the frame to {@code done} on the writer's thread, saved or not, as the
     * run no longer needs it; throws the first failure of an earlier one.
     */
    void save(VideoFrame frame, List<Detection> detections, Path target, Consumer<VideoFrame> done)
            throws IOException {
        rethrow();
        try {
            room.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while saving frame images", e);
        }
        thread.execute(() -> {
            try {
                sink.save(frame, detections, target);
                saved.add(target);
            } catch (IOException | RuntimeException e) {
                failure.compareAndSet(null, e);
            } finally {
                done.accept(frame);
                room.release();
            }
        });
    }

    /** Waits until every queued image is saved; throws the first failure, or names the images saved. */
    List<Path> finish() throws IOException {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(5, TimeUnit.MINUTES)) {
                throw new IOException("frame images were still being saved after 5 minutes");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while saving frame images", e);
        }
        rethrow();
        // only the writer's thread touched the list, and awaitTermination orders its writes before this
        return List.copyOf(saved);
    }

    private void rethrow() throws IOException {
        Exception first = failure.get();
        if (first instanceof IOException io) {
            throw io;
        }
        if (first != null) {
            throw new IOException("could not save a frame image: " + first, first);
        }
    }

    /**
     * Stops: for a run that ends without publishing (its folder goes, images and all). The queued images
     * are dropped and the one being saved is waited for, so that no image lands in the folder after the
     * run has removed it.
     */
    @Override
    public void close() {
        thread.shutdownNow();
        try {
            if (!thread.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.log(Level.WARNING, "a frame image was still being saved " + CLOSE_WAIT + " after the run");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
