package dev.mlpipeline.core.service;

import dev.mlpipeline.core.domain.Detection;
import dev.mlpipeline.core.domain.ProcessingStats;
import dev.mlpipeline.core.port.AnnotatedVideoSink;
import dev.mlpipeline.core.port.FrameSource;
import dev.mlpipeline.core.port.InferenceClient;
import dev.mlpipeline.core.port.InferenceUnavailableException;
import dev.mlpipeline.core.port.VideoFormatException;
import dev.mlpipeline.core.port.VideoInfo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * Turns one video file into an annotated video plus its detections, as a pipeline: a decoding thread,
 * up to {@code maxInFlight} inference calls, and the calling thread drawing and encoding, with a
 * bounded queue between them so that memory does not grow with the video. Frames are written in order;
 * frames between two samples carry the latest boxes. Thread-safe: each call runs on its own.
 */
public final class VideoAnnotator {
    private final FrameSource source;
    private final InferenceClient inference;
    private final AnnotatedVideoSink sink;
    private final PipelineSettings settings;

    public VideoAnnotator(FrameSource source, InferenceClient inference, AnnotatedVideoSink sink,
            PipelineSettings settings) {
        this.source = Objects.requireNonNull(source);
        this.inference = Objects.requireNonNull(inference);
        this.sink = Objects.requireNonNull(sink);
        this.settings = Objects.requireNonNull(settings);
    }

    public InferenceClient inference() {
        return inference;
    }

    /**
     * Annotates {@code input} into {@code output} and {@code detections}, both published only when
     * complete. Throws {@link VideoFormatException} for a file that is not a video, has no frames, or
     * decodes to less than half of what its container declares, and {@link CancellationException}
     * when {@code cancelled} turned true (nothing is published then). A shorter shortfall completes
     * with a warning that says how much was missing.
     */
    public Annotation annotate(Path input, Path output, Path detections, BooleanSupplier cancelled,
            ProgressListener progress) throws IOException {
        long started = System.nanoTime();
        try (FrameSource.Stream frames = source.open(input)) {
            VideoInfo info = frames.info();
            try (AnnotatedVideoSink.Writer writer = sink.create(input, output, info);
                    DetectionsFile log = DetectionsFile.create(detections, input.getFileName().toString(), info.fps(),
                            info.width(), info.height(), settings);
                    FramePipeline pipeline = new FramePipeline(frames, inference.forVideo(), settings)) {
                Tally tally = new Tally(settings, expectedSamples(info));
                ProgressGate gate = new ProgressGate(settings.progressEvery(), info.frameCountHint(), progress);
                pipeline.start();
                for (FramePipeline.Entry entry; (entry = pipeline.next(cancelled)) != null; ) {
                    tally.take(entry, log);
                    long encodeStart = System.nanoTime();
                    writer.write(entry.frame(), tally.current());
                    tally.encodeNanos += System.nanoTime() - encodeStart;
                    gate.framesDone(tally.totalFrames);
                }
                if (tally.totalFrames == 0) {
                    throw new VideoFormatException("video has no frames: " + input.getFileName(), null);
                }
                tally.checkFailures(tally.processedFrames);
                List<String> warnings = Completeness.check(info, tally.decodedSeconds(info), input.getFileName());
                long encodeStart = System.nanoTime();
                log.commit(tally.processedFrames, tally.failedFrames, tally.totalDetections, tally.perClass);
                try {
                    writer.commit();
                } catch (IOException | RuntimeException e) {
                    log.discardCommitted();
                    throw e;
                }
                tally.encodeNanos += System.nanoTime() - encodeStart;
                ProcessingStats stats = tally.stats(info, output, pipeline, System.nanoTime() - started);
                return new Annotation(output, detections, stats, warnings);
            }
        }
    }

    private long expectedSamples(VideoInfo info) {
        return (info.frameCountHint() + settings.frameInterval() - 1) / settings.frameInterval();
    }

    /** Counts as frames leave the pipeline, on the encoding thread only. */
    private static final class Tally {
        // a container's frame count can be far too low: a few failures are no evidence on their own
        private static final int MIN_FAILURES_TO_STOP_EARLY = 5;
        private static final int NEVER_ANSWERED = 5;
        private long consecutiveFailures;
        private final double threshold;
        private final double maxFailedRatio;
        private final long expectedSamples;
        private Throwable lastFailure;
        private final Map<String, Long> perClass = new LinkedHashMap<>();
        private List<Detection> current = List.of();
        private long totalFrames;
        private long processedFrames;
        private long failedFrames;
        private long totalDetections;
        private long encodeNanos;
        private long firstTimestamp = -1;
        private long lastTimestamp;

        Tally(PipelineSettings settings, long expectedSamples) {
            this.threshold = settings.confidenceThreshold();
            this.maxFailedRatio = settings.maxFailedFrameRatio();
            this.expectedSamples = expectedSamples;
        }

        void take(FramePipeline.Entry entry, DetectionsFile log) throws IOException {
            totalFrames++;
            long ts = entry.frame().timestampMicros();
            if (firstTimestamp < 0) {
                firstTimestamp = ts;
            }
            lastTimestamp = ts;
            if (!entry.sampled()) {
                return;
            }
            processedFrames++;
            if (entry.failure() != null) {
                if (entry.failure() instanceof InferenceUnavailableException unavailable) {
                    throw new InferenceFailedException("inference unavailable: " + unavailable.getMessage(), unavailable);
                }
                consecutiveFailures++;
                if (consecutiveFailures >= NEVER_ANSWERED && processedFrames == consecutiveFailures) {
                    // the model has not answered once: more frames will not change that
                    throw new InferenceFailedException("inference failed on the first " + consecutiveFailures
                            + " sampled frames; last error: " + entry.failure().getMessage(), entry.failure());
                }
                // the boxes of the last good sample stay up: a failed frame must not make them flicker
                failedFrames++;
                lastFailure = entry.failure();
                log.failedFrame(entry.frame().index(), ts, String.valueOf(entry.failure().getMessage()));
                // stop as soon as the share is sure to be passed, instead of grinding through the video
                // (only when the container says how long the video is: its count is the estimate)
                if (expectedSamples > 0 && failedFrames >= MIN_FAILURES_TO_STOP_EARLY) {
                    checkFailures(Math.max(expectedSamples, processedFrames));
                }
                return;
            }
            consecutiveFailures = 0;
            current = entry.detections().stream()
                    .filter(d -> d.confidence() >= threshold)
                    .toList();
            for (Detection d : current) {
                perClass.merge(d.className(), 1L, Long::sum);
            }
            totalDetections += current.size();
            log.frame(entry.frame().index(), ts, current);
        }

        /** Fails the run when more than the allowed share of {@code samples} failed. */
        void checkFailures(long samples) throws InferenceFailedException {
            if (failedFrames > 0 && failedFrames > maxFailedRatio * samples) {
                throw new InferenceFailedException(String.format(Locale.ROOT,
                        "inference failed on %d of %d sampled frames, more than MAX_FAILED_FRAME_RATIO %.0f%%;"
                                + " last error: %s", failedFrames, processedFrames, maxFailedRatio * 100,
                        lastFailure.getMessage()), lastFailure);
            }
        }

        List<Detection> current() {
            return current;
        }

        /** From the timestamps, so that variable frame rates and a wrong container count do not skew it. */
        double decodedSeconds(VideoInfo info) {
            double frameSeconds = info.fps() > 0 ? 1 / info.fps() : 0;
            return (lastTimestamp - firstTimestamp) / 1e6 + frameSeconds;
        }

        ProcessingStats stats(VideoInfo info, Path output, FramePipeline pipeline, long wallNanos) {
            double duration = decodedSeconds(info);
            Map<String, Double> stages = new LinkedHashMap<>();
            stages.put("decode", seconds(pipeline.decodeNanos()));
            stages.put("inference", seconds(pipeline.inferenceNanos()));
            stages.put("encode", seconds(encodeNanos));
            stages.put("wall", seconds(wallNanos));
            return new ProcessingStats(totalFrames, processedFrames, perClass, totalDetections,
                    Math.round(duration * 1000) / 1000.0, output.toString(), info.fps(), info.width(), info.height(),
                    failedFrames, stages);
        }

        private static double seconds(long nanos) {
            return Math.round(nanos / 1e6) / 1000.0;
        }
    }
}
