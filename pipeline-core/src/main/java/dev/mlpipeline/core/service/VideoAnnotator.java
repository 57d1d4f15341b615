package dev.mlpipeline.core.service;

import dev.mlpipeline.core.domain.Detection;
import dev.mlpipeline.core.domain.EndpointStats;
import dev.mlpipeline.core.domain.FrameRecord;
import dev.mlpipeline.core.domain.ProcessingStats;
import dev.mlpipeline.core.port.AnnotatedVideoSink;
import dev.mlpipeline.core.port.DetectionsSink;
import dev.mlpipeline.core.port.FrameSource;
import dev.mlpipeline.core.port.InferenceClient;
import dev.mlpipeline.core.port.InferenceUnavailableException;
import dev.mlpipeline.core.port.VideoFormatException;
import dev.mlpipeline.core.port.VideoFrame;
import dev.mlpipeline.core.port.VideoInfo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Turns one video file into an annotated video plus its detections, as a pipeline: a decoding thread,
 * up to {@code maxInFlight} inference calls, and the calling thread drawing and encoding, with a
 * bounded queue between them so that memory does not grow with the video. Frames are written in order.
 * Sampled detections are linked into tracks ({@link ObjectTracker}); between two samples the boxes move
 * on with their tracks. Each sampled frame goes to the {@link DetectionsSink} as a {@code FrameRecord},
 * placed on the video's GPS track when the {@link FrameContext} has one, and with an annotated image
 * when its {@link FrameImages} asks for one (saved on a thread of its own). Thread-safe: each call runs
 * on its own.
 */
public final class VideoAnnotator {
    private final FrameSource source;
    private final InferenceClient inference;
    private final AnnotatedVideoSink sink;
    private final DetectionsSink detectionsSink;
    private final PipelineSettings settings;
    private final boolean categoryVideos;
    private final TaskContext tasks;

    /**
     * An annotator that writes no category videos and carries no context onto its threads.
     *
     * @param source what decodes the input
     * @param inference the model
     * @param sink what draws and encodes the annotated video
     * @param detectionsSink where the frame records go
     * @param settings how a video goes through the pipeline
     * @throws NullPointerException when an argument is null
     */
    public VideoAnnotator(FrameSource source, InferenceClient inference, AnnotatedVideoSink sink,
            DetectionsSink detectionsSink, PipelineSettings settings) {
        this(source, inference, sink, detectionsSink, settings, false, TaskContext.NONE);
    }

    private VideoAnnotator(FrameSource source, InferenceClient inference, AnnotatedVideoSink sink,
            DetectionsSink detectionsSink, PipelineSettings settings, boolean categoryVideos, TaskContext tasks) {
        this.source = Objects.requireNonNull(source);
        this.inference = Objects.requireNonNull(inference);
        this.sink = Objects.requireNonNull(sink);
        this.detectionsSink = Objects.requireNonNull(detectionsSink);
        this.settings = Objects.requireNonNull(settings);
        this.categoryVideos = categoryVideos;
        this.tasks = Objects.requireNonNull(tasks);
    }

    /**
     * The same annotator that, when {@code on} and the model asks one endpoint per category, also
     * writes one annotated video per category from the same decode ({@link Annotation#categoryVideos()}),
     * each with only its category's boxes: an encoder more per category, so off by default.
     *
     * @param on whether to write the category videos
     * @return a new annotator; this one is unchanged
     */
    public VideoAnnotator withCategoryVideos(boolean on) {
        return new VideoAnnotator(source, inference, sink, detectionsSink, settings, on, tasks);
    }

    /**
     * The same annotator whose threads (decoder, inference, frame images) carry the caller's context.
     *
     * @param context what the threads carry of the thread that calls {@code annotate}
     * @return a new annotator; this one is unchanged
     * @throws NullPointerException when {@code context} is null
     */
    public VideoAnnotator withTaskContext(TaskContext context) {
        return new VideoAnnotator(source, inference, sink, detectionsSink, settings, categoryVideos, context);
    }

    /** {@return the model as given, of which each run takes its own client ({@link InferenceClient#forVideo()})} */
    public InferenceClient inference() {
        return inference;
    }

    /**
     * Annotates {@code input} into {@code output} and {@code detections}, both published only when
     * complete. Throws {@link VideoFormatException} for a file that is not a video, has no frames, or
     * decodes to less than half of what its container declares, and {@link CancellationException}
     * when {@code cancelled} turned true (nothing is published then). A shorter shortfall completes
     * with a warning that says how much was missing.
     *
     * @param input the video file
     * @param output where the annotated video is published
     * @param detections where the frame records are published
     * @param cancelled polled as frames pass; true stops the run
     * @param progress hears how far the run got
     * @return what was published, and what was found
     * @throws java.nio.file.NoSuchFileException when {@code input} is missing
     * @throws VideoFormatException when {@code input} is not a video, has no frames, or is mostly missing
     * @throws InferenceFailedException when the model cannot be reached or fails too many frames
     * @throws java.nio.file.FileAlreadyExistsException when an output is there already
     * @throws CancellationException when {@code cancelled} turned true
     * @throws IOException when the input cannot be read or an output cannot be written
     */
    public Annotation annotate(Path input, Path output, Path detections, BooleanSupplier cancelled,
            ProgressListener progress) throws IOException {
        return annotate(input, output, detections, FrameContext.NONE, cancelled, progress);
    }

    /**
     * As {@link #annotate(Path, Path, Path, BooleanSupplier, ProgressListener)}, with what the job knows
     * of the video: its frame records carry its ids and survey fields, and positions from its track.
     *
     * @param input the video file
     * @param output where the annotated video is published
     * @param detections where the frame records are published
     * @param context what the job knows of the video, and where its frame images go
     * @param cancelled polled as frames pass; true stops the run
     * @param progress hears how far the run got
     * @return what was published, and what was found
     * @throws java.nio.file.NoSuchFileException when {@code input} is missing
     * @throws VideoFormatException when {@code input} is not a video, has no frames, or is mostly missing
     * @throws InferenceFailedException when the model cannot be reached or fails too many frames
     * @throws java.nio.file.FileAlreadyExistsException when an output is there already
     * @throws CancellationException when {@code cancelled} turned true
     * @throws IOException when the input cannot be read or an output cannot be written
     */
    public Annotation annotate(Path input, Path output, Path detections, FrameContext context,
            BooleanSupplier cancelled, ProgressListener progress) throws IOException {
        long started = System.nanoTime();
        InferenceClient model = inference.forVideo();
        try (FrameSource.Stream frames = source.open(input)) {
            VideoInfo info = frames.info();
            try (AnnotatedVideoSink.Writer writer = sink.create(input, output, info);
                    CategoryVideos perCategory = new CategoryVideos(categoryVideos ? model.categories() : List.of(),
                            sink, input, output, info);
                    DetectionsSink.Record record = detectionsSink.open(detections, new DetectionsSink.Header(
                            input.getFileName().toString(), info.fps(), info.width(), info.height(),
                            settings.frameInterval(), settings.confidenceThreshold(), context.videoId(),
                            context.attempt(), context.survey()));
                    FramePipeline pipeline = new FramePipeline(frames, model, settings, tasks);
                    ImageWriter images = context.images() == null || context.images().which() == SaveFrames.NONE
                            ? null : new ImageWriter(context.images().sink(), tasks)) {
                Counts counts = new Counts(settings, expectedSamples(info), context, info, images);
                ProgressGate gate = new ProgressGate(settings.progressEvery(), info.frameCountHint(), progress);
                pipeline.start();
                for (FramePipeline.Entry entry; (entry = pipeline.next(cancelled)) != null; ) {
                    counts.take(entry, record);
                    long encodeStart = System.nanoTime();
                    writer.write(entry.frame(), counts.current());
                    perCategory.write(entry.frame(), counts.current());
                    counts.encodeNanos += System.nanoTime() - encodeStart;
                    // once the encoder is done with the frame: the image writer hands it back to the decoder
                    counts.saveImage(frames::recycle);
                    if (!counts.keeps(entry.frame())) {
                        frames.recycle(entry.frame());
                    }
                    gate.framesDone(counts.totalFrames);
                }
                if (counts.totalFrames == 0) {
                    throw new VideoFormatException("video has no frames: " + input.getFileName(), null);
                }
                counts.failIfTooMany(counts.processedFrames);
                List<Path> saved = new ArrayList<>();
                if (images != null) {
                    saved.addAll(images.finish());
                }
                Path thumbnail = counts.saveThumbnail();
                if (thumbnail != null) {
                    saved.add(thumbnail);
                }
                // at once rather than one by one: each force commits the journal, with the video's pages
                FileOps.force(saved);
                List<String> warnings = new ArrayList<>(Completeness.check(info, counts.decodedSeconds(info),
                        input.getFileName()));
                List<EndpointStats> endpoints = model.endpointStats();
                endpoints.stream().map(EndpointStats::warning).filter(Objects::nonNull).forEach(warnings::add);
                long encodeStart = System.nanoTime();
                record.commit(new DetectionsSink.Summary(counts.processedFrames, counts.failedFrames,
                        counts.totalDetections, counts.perClass));
                Map<String, Path> categoryOutputs;
                try {
                    writer.commit();
                    categoryOutputs = perCategory.commit();
                } catch (IOException | RuntimeException e) {
                    record.discardCommitted();
                    throw e;
                }
                counts.encodeNanos += System.nanoTime() - encodeStart;
                ProcessingStats stats = counts.stats(info, output, pipeline, System.nanoTime() - started, endpoints);
                return new Annotation(output, detections, stats, warnings, thumbnail, categoryOutputs);
            }
        }
    }

    /**
     * Whether the model can be used now (see {@link InferenceClient#readiness()}).
     *
     * @return the model's readiness
     */
    public InferenceClient.Readiness readiness() {
        return inference.readiness();
    }

    private long expectedSamples(VideoInfo info) {
        return (info.frameCountHint() + settings.frameInterval() - 1) / settings.frameInterval();
    }

    /**
     * What the run found and what failed, counted as frames leave the pipeline (on the encoding thread
     * only), with the settings' {@link FailurePolicy} applied as failures come in.
     */
    private static final class Counts {
        private long consecutiveFailures;
        private final double threshold;
        private final FailurePolicy policy;
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

        private final FrameContext context;
        private final VideoInfo info;
        private final ObjectTracker tracker;

        private final ImageWriter images;
        private VideoFrame thumbnailFrame;
        // the image the current frame's record names, saved once the frame is encoded
        private PendingImage pendingImage;
        // the last frame handed to the image writer, which saves it on a thread of its own
        private VideoFrame imageFrame;
        private List<Detection> thumbnailDetections = List.of();
        private int thumbnailCount = -1;

        /** Saves the thumbnail when the run saves images; its path, or null. */
        Path saveThumbnail() throws IOException {
            FrameImages images = context.images();
            if (images == null || thumbnailFrame == null) {
                return null;
            }
            images.sink().save(thumbnailFrame, thumbnailDetections, images.thumbnail());
            return images.thumbnail();
        }

        Counts(PipelineSettings settings, long expectedSamples, FrameContext context, VideoInfo info,
                ImageWriter images) {
            this.context = context;
            this.info = info;
            this.images = images;
            this.tracker = new ObjectTracker(settings.tracking());
            this.threshold = settings.confidenceThreshold();
            this.policy = settings.failures();
            this.expectedSamples = expectedSamples;
        }

        void take(FramePipeline.Entry entry, DetectionsSink.Record record) throws IOException {
            totalFrames++;
            long ts = entry.frame().timestampMicros();
            if (firstTimestamp < 0) {
                firstTimestamp = ts;
            }
            lastTimestamp = ts;
            if (!entry.sampled()) {
                // between samples the boxes move on with their tracks instead of standing still
                current = tracker.between(entry.frame().index());
                return;
            }
            processedFrames++;
            if (entry.failure() != null) {
                if (entry.failure() instanceof InferenceUnavailableException unavailable) {
                    throw new InferenceFailedException("inference unavailable: " + unavailable.getMessage(), unavailable);
                }
                consecutiveFailures++;
                if (policy.neverAnswered(processedFrames, consecutiveFailures)) {
                    throw new InferenceFailedException("inference failed on the first " + consecutiveFailures
                            + " sampled frames; last error: " + entry.failure().getMessage(), entry.failure());
                }
                // the tracks of the last good sample stay up: a failed frame must not make them flicker
                current = tracker.between(entry.frame().index());
                failedFrames++;
                lastFailure = entry.failure();
                record.frame(withImage(entry, new FrameRecord(entry.frame().index(), ts, List.of(),
                        String.valueOf(entry.failure().getMessage()), context.positionAt(ts, info).orElse(null))));
                // stop as soon as the share is sure to be passed, instead of grinding through the video
                if (policy.certainlyTooMany(failedFrames, processedFrames, expectedSamples)) {
                    throw tooMany();
                }
                return;
            }
            consecutiveFailures = 0;
            current = tracker.sample(entry.frame().index(), entry.detections().stream()
                    .filter(d -> d.confidence() >= threshold)
                    .toList());
            for (Detection d : current) {
                perClass.merge(d.className(), 1L, Long::sum);
            }
            totalDetections += current.size();
            record.frame(withImage(entry, new FrameRecord(entry.frame().index(), ts, current, null,
                    context.positionAt(ts, info).orElse(null))));
        }

        /** The record with its annotated image, saved when the run saves this frame's. */
        private FrameRecord withImage(FramePipeline.Entry entry, FrameRecord frame) throws IOException {
            if (frame.error() == null && frame.detections().size() > thumbnailCount) {
                // the frame that shows the most, the first of its kind: the video's thumbnail
                thumbnailFrame = entry.frame();
                thumbnailDetections = frame.detections();
                thumbnailCount = frame.detections().size();
            }
            FrameImages images = context.images();
            if (this.images == null || !images.which().wants(frame)) {
                return frame;
            }
            String name = FrameImages.name(frame);
            pendingImage = new PendingImage(entry.frame(), frame.detections(), images.folder().resolve(name));
            return new FrameRecord(frame.frameNumber(), frame.timestampMicros(), frame.detections(), frame.error(),
                    frame.position(), images.url() + "/" + name);
        }

        private record PendingImage(VideoFrame frame, List<Detection> detections, Path target) {
        }

        /**
         * Queues the image of the frame just encoded, if it has one; the image writer then gives the frame
         * to {@code recycle} once saved, unless it is the thumbnail, which the run keeps to its end.
         */
        void saveImage(Consumer<VideoFrame> recycle) throws IOException {
            if (pendingImage == null) {
                return;
            }
            VideoFrame frame = pendingImage.frame();
            imageFrame = frame;
            images.save(frame, pendingImage.detections(), pendingImage.target(),
                    frame == thumbnailFrame ? ignored -> { } : recycle);
            pendingImage = null;
        }

        /** Whether the run still needs {@code frame} after it was written: the thumbnail, or an image to save. */
        boolean keeps(VideoFrame frame) {
            return frame == thumbnailFrame || frame == imageFrame;
        }

        /** Fails the run when more than the allowed share of {@code samples} failed. */
        void failIfTooMany(long samples) throws InferenceFailedException {
            if (policy.tooMany(failedFrames, samples)) {
                throw tooMany();
            }
        }

        private InferenceFailedException tooMany() {
            return new InferenceFailedException(String.format(Locale.ROOT,
                    "inference failed on %d of %d sampled frames, more than MAX_FAILED_FRAME_RATIO %.0f%%;"
                            + " last error: %s", failedFrames, processedFrames, policy.maxFailedRatio() * 100,
                    lastFailure.getMessage()), lastFailure);
        }

        List<Detection> current() {
            return current;
        }

        /** From the timestamps, so that variable frame rates and a wrong container count do not skew it. */
        double decodedSeconds(VideoInfo info) {
            double frameSeconds = info.fps() > 0 ? 1 / info.fps() : 0;
            return (lastTimestamp - firstTimestamp) / 1e6 + frameSeconds;
        }

        ProcessingStats stats(VideoInfo info, Path output, FramePipeline pipeline, long wallNanos,
                List<EndpointStats> endpoints) {
            double duration = decodedSeconds(info);
            Map<String, Double> stages = new LinkedHashMap<>();
            stages.put("decode", seconds(pipeline.decodeNanos()));
            stages.put("inference", seconds(pipeline.inferenceNanos()));
            stages.put("encode", seconds(encodeNanos));
            stages.put("wall", seconds(wallNanos));
            return new ProcessingStats(totalFrames, processedFrames, perClass, totalDetections,
                    Math.round(duration * 1000) / 1000.0, output.toString(), info.fps(), info.width(), info.height(),
                    failedFrames, stages, tracker.uniqueCounts(), endpoints);
        }

        private static double seconds(long nanos) {
            return Math.round(nanos / 1e6) / 1000.0;
        }
    }
}
