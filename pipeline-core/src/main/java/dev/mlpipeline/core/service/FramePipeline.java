package dev.mlpipeline.core.service;

import dev.mlpipeline.core.domain.Detection;
import dev.mlpipeline.core.port.FrameSource;
import dev.mlpipeline.core.port.InferenceClient;
import dev.mlpipeline.core.port.InferenceException;
import dev.mlpipeline.core.port.VideoFrame;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * The decoding thread and the inference pool of one run, feeding frames in order, each sampled frame
 * with its detections, to the one thread that calls {@link #next}. The bounded queue holds every
 * decoded frame not yet taken, including those waiting for inference, and the decoder waits before
 * sending a frame while {@link InFlightLimit} says enough are in flight, so memory is bounded and grows
 * with a model's latency only as far as that latency needs.
 */
final class FramePipeline implements AutoCloseable {
    private static final long POLL_MILLIS = 50;
    private static final AtomicInteger RUNS = new AtomicInteger();

    /** A frame leaving the pipeline: its detections when it was sampled, or why inference failed. */
    record Entry(VideoFrame frame, boolean sampled, List<Detection> detections, Throwable failure) {
    }

    private record Slot(VideoFrame frame, Future<List<Detection>> inference, Throwable decodeError) {
        static final Slot END = new Slot(null, null, null);
    }

    private final FrameSource.Stream frames;
    private final InferenceClient inference;
    private final int frameInterval;
    private final BlockingQueue<Slot> queue;
    private final ExecutorService decoder;
    private final ExecutorService inferencePool;
    private final InFlightLimit inFlight;
    private final Object room = new Object();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final AtomicLong decodeNanos = new AtomicLong();
    private final AtomicLong inferenceNanos = new AtomicLong();

    FramePipeline(FrameSource.Stream frames, InferenceClient inference, PipelineSettings settings) {
        this(frames, inference, settings, TaskContext.NONE);
    }

    /** {@code tasks}: what the decoder and inference threads carry of the thread that starts them. */
    FramePipeline(FrameSource.Stream frames, InferenceClient inference, PipelineSettings settings, TaskContext tasks) {
        this.frames = frames;
        this.inference = inference;
        this.frameInterval = settings.frameInterval();
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        int run = RUNS.incrementAndGet();
        this.decoder = Executors.newSingleThreadExecutor(tasks.threads(daemon("decode-" + run)));
        // a client that keeps state across frames gets them one at a time, in order (single thread, FIFO)
        int threads = Math.max(1, Math.min(settings.maxInFlight(), inference.maxConcurrency()));
        this.inFlight = new InFlightLimit(settings.maxInFlight());
        this.inferencePool = Executors.newFixedThreadPool(threads, tasks.threads(daemon("inference-" + run)));
    }

    void start() {
        decoder.execute(this::decode);
    }

    long decodeNanos() {
        return decodeNanos.get();
    }

    long inferenceNanos() {
        return inferenceNanos.get();
    }

    private void decode() {
        try {
            while (!stopped.get()) {
                long start = System.nanoTime();
                Optional<VideoFrame> next = frames.next();
                decodeNanos.addAndGet(System.nanoTime() - start);
                if (next.isEmpty()) {
                    put(Slot.END);
                    return;
                }
                VideoFrame frame = next.get();
                Future<List<Detection>> detections = null;
                if (frame.index() % frameInterval == 0) {
                    // the decoder runs ahead of the encoder by as many samples as may be in flight, no more
                    if (!inFlight.acquire(stopped::get)) {
                        return;
                    }
                    detections = send(frame);
                }
                put(new Slot(frame, detections, null));
            }
        } catch (IOException | RuntimeException | Error e) {
            put(new Slot(null, null, e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Future<List<Detection>> send(VideoFrame frame) {
        try {
            return inferencePool.submit(() -> detect(frame));
        } catch (RejectedExecutionException e) {
            inFlight.abandoned();
            throw e;
        }
    }

    private List<Detection> detect(VideoFrame frame) {
        inFlight.started();
        long start = System.nanoTime();
        boolean throttled = false;
        try {
            return List.copyOf(inference.detect(frame));
        } catch (InferenceException e) {
            throttled = e.throttled();
            throw e;
        } finally {
            inferenceNanos.addAndGet(System.nanoTime() - start);
            inFlight.finished(throttled);
        }
    }

    /** The most requests the run allowed in flight at once, as {@link InFlightLimit} sized it. */
    int highestInFlight() {
        return inFlight.highest();
    }

    private void put(Slot slot) {
        try {
            // a frame waits for room in the window; the end and errors go in at once (the queue's
            // capacity, the window at its cap, leaves them room)
            while (slot.frame() != null && !stopped.get() && queue.size() >= window()) {
                synchronized (room) {
                    room.wait(POLL_MILLIS);
                }
            }
            while (!stopped.get()) {
                if (queue.offer(slot, POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * How many decoded frames may wait for the encoder: those of every request allowed in flight and
     * the frames between samples, and no more. It widens as the limit grows, so memory follows what
     * the model's latency needs rather than the cap.
     */
    private int window() {
        return Math.max(8, (inFlight.limit() + 1) * frameInterval);
    }

    /**
     * The next frame in order, or null after the last one. Throws the decoder's error, or
     * {@link CancellationException} as soon as {@code cancelled} turns true.
     */
    Entry next(BooleanSupplier cancelled) throws IOException {
        Slot slot = null;
        while (slot == null) {
            checkCancelled(cancelled);
            slot = poll();
        }
        if (slot == Slot.END) {
            return null;
        }
        if (slot.decodeError() != null) {
            if (slot.decodeError() instanceof IOException e) {
                throw e;
            }
            throw new IOException("decoding failed: " + slot.decodeError(), slot.decodeError());
        }
        if (slot.inference() == null) {
            return new Entry(slot.frame(), false, List.of(), null);
        }
        while (true) {
            checkCancelled(cancelled);
            if (!slot.inference().isDone()) {
                inFlight.encoderWaits();
            }
            try {
                return new Entry(slot.frame(), true, slot.inference().get(POLL_MILLIS, TimeUnit.MILLISECONDS), null);
            } catch (TimeoutException e) {
                // still running: check for cancellation and wait on
            } catch (ExecutionException e) {
                return new Entry(slot.frame(), true, List.of(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationException("interrupted");
            }
        }
    }

    private Slot poll() {
        try {
            Slot slot = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
            if (slot != null) {
                synchronized (room) {
                    room.notifyAll();
                }
            }
            return slot;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted");
        }
    }

    private static void checkCancelled(BooleanSupplier cancelled) {
        if (cancelled.getAsBoolean()) {
            throw new CancellationException("cancelled");
        }
    }

    /** Stops both stages and waits for them, so that nothing touches the stream after it is closed. */
    @Override
    public void close() {
        stopped.set(true);
        // not interrupted: the decoder may be inside native code; it sees the flag after this frame
        decoder.shutdown();
        inferencePool.shutdownNow();
        try {
            decoder.awaitTermination(10, TimeUnit.SECONDS);
            inferencePool.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
