package dev.mlpipeline.app;

import dev.mlpipeline.core.domain.BoundingBox;
import dev.mlpipeline.core.domain.Detection;
import dev.mlpipeline.core.domain.GpsTrack;
import dev.mlpipeline.core.domain.Survey;
import dev.mlpipeline.core.domain.TrackPoint;
import dev.mlpipeline.core.port.DetectionsSink;
import dev.mlpipeline.core.port.InferenceClient;
import dev.mlpipeline.core.port.VideoFrame;
import dev.mlpipeline.core.service.Annotation;
import dev.mlpipeline.core.service.DetectionsSinks;
import dev.mlpipeline.core.service.FileOps;
import dev.mlpipeline.core.service.FrameContext;
import dev.mlpipeline.core.service.FrameImages;
import dev.mlpipeline.core.service.PipelineSettings;
import dev.mlpipeline.core.service.ProgressListener;
import dev.mlpipeline.core.service.SaveFrames;
import dev.mlpipeline.core.service.VideoAnnotator;
import dev.mlpipeline.sagemaker.SageMakerEndpoints;
import dev.mlpipeline.sagemaker.SageMakerSettings;
import dev.mlpipeline.video.io.GeoJsonObjectsSink;
import dev.mlpipeline.video.io.JavaCvAnnotatedVideoSink;
import dev.mlpipeline.video.io.JavaCvFrameSource;
import dev.mlpipeline.video.io.JpegFrameImages;
import dev.mlpipeline.video.io.JsonDetectionsSink;
import dev.mlpipeline.video.io.VideoEncoding;
import dev.mlpipeline.video.synthetic.SyntheticClip;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * {@code benchmark [--frames <n>] [--runs <n>] [--pairs <n>] [--model-latency <ms>]}: times the pipeline
 * on a generated 720p clip against the {@code ffmpeg} command line re-encoding the same clip with the
 * same codec settings, side by side in one run, with the ratios; what the survey outputs cost, over
 * {@code --pairs} runs with and without them in turns; then how fast the embedded database serves the
 * queue. See docs/performance.md.
 */
final class BenchmarkCommand {
    private static final int QUEUE_JOBS = 1000;
    private static final int ENDPOINTS = 5;
    private final int frames;
    private final int runs;
    private final int pairedRuns;
    private final int modelLatencyMillis;
    private final ProcessingConfig config;

    BenchmarkCommand(int frames, int runs, int pairedRuns, int modelLatencyMillis, ProcessingConfig config) {
        this.frames = frames;
        this.runs = runs;
        this.pairedRuns = pairedRuns;
        this.modelLatencyMillis = modelLatencyMillis;
        this.config = config;
    }

    static BenchmarkCommand parse(List<String> args, Environment env) {
        int frames = 300;
        int runs = 3;
        // a few percent is the question, and on a shared machine single runs vary by ten
        int pairs = 15;
        int latency = 0;
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--frames" -> frames = positive(args, ++i, "--frames");
                case "--runs" -> runs = positive(args, ++i, "--runs");
                case "--pairs" -> pairs = positive(args, ++i, "--pairs");
                case "--model-latency" -> latency = positive(args, ++i, "--model-latency");
                default -> throw new Main.UsageException("unexpected argument '" + args.get(i) + "'");
            }
        }
        return new BenchmarkCommand(frames, runs, pairs, latency, ProcessingConfig.from(env));
    }

    private static int positive(List<String> args, int index, String option) {
        try {
            int value = Integer.parseInt(args.get(index));
            if (value > 0) {
                return value;
            }
        } catch (IndexOutOfBoundsException | NumberFormatException e) {
            // reported below
        }
        throw new Main.UsageException(option + " needs a positive whole number");
    }

    int run() throws IOException, InterruptedException {
        return run(System.out);
    }

    int run(PrintStream out) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("ml-pipeline-benchmark-");
        try {
            return run(out, dir);
        } finally {
            FileOps.deleteTree(dir);
        }
    }

    private int run(PrintStream out, Path dir) throws IOException, InterruptedException {
        Path clip = dir.resolve("clip_720p.mp4");
        SyntheticClip.builder().size(1280, 720).fps(30).frames(frames).movingObjects(4).withAudio().build()
                .writeTo(clip);
        VideoEncoding encoding = config.encoding();
        out.printf(Locale.ROOT, "clip: 1280x720, %d frames at 30 fps, with audio; H.264 crf %d preset %s;"
                + " median of %d runs, %d cores%n", frames, encoding.crf(), encoding.preset(), runs,
                Runtime.getRuntime().availableProcessors());
        List<String> ffmpeg = List.of("ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y", "-i",
                clip.toString(), "-c:v", "libx264", "-preset", encoding.preset(), "-crf", String.valueOf(encoding.crf()),
                "-pix_fmt", "yuv420p", "-c:a", "copy", "-movflags", "+faststart", dir.resolve("ffmpeg.mp4").toString());
        double cli = median(() -> time(ffmpeg));
        InferenceClient detector = config.createInference();
        PipelineSettings settings = config.pipeline();
        double bare = median(() -> pipeline(clip, dir, new StandIn(0, List.of()), settings, false));
        Paired paired = interleaved(() -> pipeline(clip, dir, detector, settings, false),
                () -> pipeline(clip, dir, detector, settings, true));
        if (Double.isNaN(cli)) {
            out.println("ffmpeg command line: not available (install it, e.g. apt-get install ffmpeg, to compare)");
        } else {
            out.printf(Locale.ROOT, "ffmpeg command line (decode + encode):        %6.2f s  %6.1f fps%n", cli, frames / cli);
        }
        report(out, "pipeline, no detector (decode + draw + encode)", bare, cli);
        report(out, "pipeline, " + detector.describe() + " every " + config.pipeline().frameInterval() + " frames",
                paired.first(), cli);
        report(out, "  the same with survey outputs (" + config.saveFrames().name().toLowerCase(Locale.ROOT)
                + " frame images, GPS, map)", paired.second(), cli);
        printCost(out, "survey outputs cost", paired);
        if (modelLatencyMillis > 0) {
            // a remote model's latency, simulated: what MAX_IN_FLIGHT buys against one request at a time
            PipelineSettings one = new PipelineSettings(settings.frameInterval(), settings.confidenceThreshold(), 1,
                    settings.progressEvery(), settings.failures(), settings.tracking());
            StandIn slow = new StandIn(modelLatencyMillis, StandIn.FOUR_BOXES);
            double serial = median(() -> pipeline(clip, dir, slow, one, false));
            Paired remote = interleaved(() -> pipeline(clip, dir, slow, settings, false),
                    () -> pipeline(clip, dir, slow, settings, true));
            double overlapped = remote.first();
            report(out, "pipeline, " + modelLatencyMillis + " ms model, 1 request at a time", serial, cli);
            report(out, "pipeline, " + modelLatencyMillis + " ms model, " + settings.maxInFlight() + " in flight",
                    overlapped, cli);
            out.printf(Locale.ROOT, "requests in flight: %d, speed-up over one at a time: %.2fx%n",
                    settings.maxInFlight(), serial / overlapped);
            printCost(out, "survey outputs cost with the " + modelLatencyMillis + " ms model", remote);
            compareEndpoints(out, clip, dir, settings);
        }
        out.printf(Locale.ROOT, "peak resident memory of this JVM: %d MiB%n", peakRssMib());
        // after the memory figure, which is the pipeline's: the embedded database has its own
        new QueueBenchmark(QUEUE_JOBS, runs).run(out, dir);
        return 0;
    }

    /**
     * One SageMaker endpoint against {@value #ENDPOINTS} (one per category, as the main backend runs
     * them), each answering after the model latency: the real SDK over real HTTP to a stand-in service.
     */
    private void compareEndpoints(PrintStream out, Path clip, Path dir, PipelineSettings settings)
            throws IOException, InterruptedException {
        try (StandInSageMaker service = new StandInSageMaker(modelLatencyMillis)) {
            SageMakerSettings base = SageMakerSettings.of("stand-in-0", "eu-west-1").withEndpointUrl(service.url());
            AwsCredentialsProvider credentials = StaticCredentialsProvider.create(
                    AwsBasicCredentials.create("AKIDBENCHMARK", "benchmark-secret"));
            List<SageMakerEndpoints.Category> five = new ArrayList<>();
            for (int i = 0; i < ENDPOINTS; i++) {
                five.add(new SageMakerEndpoints.Category("category-" + i, "stand-in-" + i));
            }
            int frames = settings.maxInFlight();
            try (SageMakerEndpoints one = SageMakerEndpoints.create(five.subList(0, 1), base, frames,
                    Optional.of(service.url()), credentials);
                    SageMakerEndpoints all = SageMakerEndpoints.create(five, base, frames * ENDPOINTS,
                            Optional.of(service.url()), credentials)) {
                Paired paired = interleaved(() -> pipeline(clip, dir, one, settings, false),
                        () -> pipeline(clip, dir, all, settings, false));
                report(out, "pipeline, 1 SageMaker endpoint at " + modelLatencyMillis + " ms", paired.first(),
                        Double.NaN);
                report(out, "pipeline, " + ENDPOINTS + " SageMaker endpoints at " + modelLatencyMillis + " ms",
                        paired.second(), Double.NaN);
                printCost(out, ENDPOINTS + " endpoints against 1", paired);
            }
        }
    }

    private void printCost(PrintStream out, String what, Paired paired) {
        out.printf(Locale.ROOT, "%s: %+.1f%% wall time (median of %d runs in pairs; the pairs ranged %+.1f%%"
                + " to %+.1f%%)%n", what, (paired.ratio() - 1) * 100, pairedRuns, (paired.lowest() - 1) * 100,
                (paired.highest() - 1) * 100);
    }

    private void report(PrintStream out, String what, double seconds, double cli) {
        out.printf(Locale.ROOT, "%-45s %6.2f s  %6.1f fps%s%n", what + ":", seconds, frames / seconds,
                Double.isNaN(cli) ? "" : String.format(Locale.ROOT, "  %.2fx the ffmpeg time", seconds / cli));
    }

    /**
     * One run; {@code outputs} adds what a survey job writes besides the video and its detections file:
     * frame images as SAVE_FRAMES says, positions on a GPS track, and the map layer.
     */
    private double pipeline(Path clip, Path dir, InferenceClient inference, PipelineSettings settings,
            boolean outputs) throws IOException {
        DetectionsSink records = outputs ? DetectionsSinks.all(List.of(new JsonDetectionsSink(),
                new GeoJsonObjectsSink())) : new JsonDetectionsSink();
        VideoAnnotator annotator = new VideoAnnotator(new JavaCvFrameSource(), inference,
                new JavaCvAnnotatedVideoSink(config.encoding()), records, settings);
        FileOps.deleteTree(dir.resolve("frames"));
        for (String name : List.of("pipeline.mp4", "pipeline.json", "pipeline.json.objects.geojson")) {
            Files.deleteIfExists(dir.resolve(name));
        }
        FrameContext context = !outputs ? FrameContext.NONE : new FrameContext(null, null, Survey.NONE,
                new GpsTrack(List.of(new TrackPoint(25.0, 51.0, 10.0, Instant.EPOCH),
                        new TrackPoint(25.01, 51.0, 20.0, Instant.EPOCH.plusSeconds(3600)))), Duration.ZERO,
                config.saveFrames() == SaveFrames.NONE ? null : new FrameImages(new JpegFrameImages(),
                        config.saveFrames(), dir.resolve("frames"), "/uploads/frames"));
        long start = System.nanoTime();
        Annotation annotation = annotator.annotate(clip, dir.resolve("pipeline.mp4"), dir.resolve("pipeline.json"),
                context, () -> false, ProgressListener.NONE);
        double seconds = (System.nanoTime() - start) / 1e9;
        if (annotation.stats().totalFrames() != frames) {
            throw new IOException("the pipeline wrote " + annotation.stats().totalFrames() + " frames, not " + frames);
        }
        return seconds;
    }

    /** Seconds the command took, or NaN when it cannot be run. */
    private static double time(List<String> command) throws IOException, InterruptedException {
        long start = System.nanoTime();
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return Double.NaN;
        }
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IOException("ffmpeg failed: " + output);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /**
     * {@code pairedRuns} runs of each, in pairs: a b, b a, a b, ... Each b is compared with the a beside
     * it, so that the machine's drift over the minutes (other guests on the host, warming up) weighs on
     * both sides of each ratio alike; the order turns from pair to pair because the second run of a
     * pair pays for some of the first's garbage (an a-against-a run measured +2% for the second); the
     * median ratio then leaves out the odd pair that a burst of noise hit.
     */
    private Paired interleaved(Timed a, Timed b) throws IOException, InterruptedException {
        List<Double> first = new ArrayList<>();
        List<Double> second = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < pairedRuns; i++) {
            if (i % 2 == 0) {
                first.add(a.run());
                second.add(b.run());
            } else {
                second.add(b.run());
                first.add(a.run());
            }
            ratios.add(second.get(i) / first.get(i));
        }
        return new Paired(middle(first), middle(second), middle(ratios), ratios.stream().min(Double::compare).get(),
                ratios.stream().max(Double::compare).get());
    }

    private static double middle(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }

    /** Two things timed in turns: the median of each, and the median, lowest and highest of their ratios. */
    private record Paired(double first, double second, double ratio, double lowest, double highest) {
    }

    private double median(Timed timed) throws IOException, InterruptedException {
        List<Double> seconds = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            seconds.add(timed.run());
        }
        return middle(seconds);
    }

    private static long peakRssMib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not on Linux
        }
        return -1;
    }

    @FunctionalInterface
    private interface Timed {
        double run() throws IOException, InterruptedException;
    }

    /**
     * Answers {@code found} after an optional delay: finding nothing at once isolates the cost of the
     * video work; four boxes after a delay play a remote model that keeps the survey outputs busy.
     */
    private static final class StandIn implements InferenceClient {
        static final List<Detection> FOUR_BOXES = List.of(
                new Detection("car", 0.9, new BoundingBox(100, 300, 300, 450)),
                new Detection("car", 0.8, new BoundingBox(400, 320, 560, 440)),
                new Detection("person", 0.7, new BoundingBox(700, 250, 760, 420)),
                new Detection("traffic_sign", 0.6, new BoundingBox(1000, 100, 1080, 180)));
        private final long latencyMillis;
        private final List<Detection> found;

        StandIn(long latencyMillis, List<Detection> found) {
            this.latencyMillis = latencyMillis;
            this.found = found;
        }

        @Override
        public List<Detection> detect(VideoFrame frame) {
            if (latencyMillis > 0) {
                try {
                    Thread.sleep(latencyMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return found;
        }

        @Override
        public String describe() {
            return latencyMillis > 0 ? "simulated:" + latencyMillis + "ms" : "none";
        }
    }
}
