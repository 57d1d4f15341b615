package dev.mlpipeline.app;

import dev.mlpipeline.core.domain.GpsTrack;
import dev.mlpipeline.core.domain.Survey;
import dev.mlpipeline.core.domain.TrackPoint;
import dev.mlpipeline.core.port.DetectionsSink;
import dev.mlpipeline.core.port.InferenceClient;
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
import dev.mlpipeline.video.detect.LocalDetectors;
import dev.mlpipeline.video.io.GeoJsonObjectsSink;
import dev.mlpipeline.video.io.JavaCvAnnotatedVideoSink;
import dev.mlpipeline.video.io.JavaCvFrameSource;
import dev.mlpipeline.video.io.JpegFrameImages;
import dev.mlpipeline.video.io.JsonDetectionsSink;
import dev.mlpipeline.video.io.OpenCvJpegEncoder;
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
 * {@code benchmark}: one table of what #13 and the issues before it promise, each row measured side
 * by side in this run and against its target, on generated clips. Against the {@code ffmpeg} command
 * line re-encoding the same 720p clip with the same codec settings: the pipeline without a model, with a
 * stand-in SageMaker model at 0, 50 and 200 ms a request (the real SDK over HTTP to a stand-in service,
 * sizing its requests in flight itself), and with the
 * configured detector; then what the survey outputs cost, five SageMaker endpoints against one (the real
 * SDK over HTTP to a stand-in service), the peak memory of {@code process} in a JVM of its own at default
 * settings on a short and a long clip, 1080p and 2160p for the record, and how soon a launched service
 * is healthy and claims a job. Exits 1 when a row misses its target. Then how fast the embedded database
 * serves the queue. See docs/performance.md.
 */
final class BenchmarkCommand {
    private static final int QUEUE_JOBS = 1000;
    private static final int ENDPOINTS = 5;
    private static final int ENDPOINT_LATENCY_MILLIS = 100;
    private static final int FPS = 30;
    private static final AwsCredentialsProvider CREDENTIALS = StaticCredentialsProvider.create(
            AwsBasicCredentials.create("AKIDBENCHMARK", "benchmark-secret"));
    private final Options options;
    private final ProcessingConfig config;

    /** What the command line asked for; each has a default that makes the published table. */
    record Options(int frames, int runs, int pairs, int shortSeconds, int longSeconds, int largeFrames,
            int warmUp) {
    }

    BenchmarkCommand(Options options, ProcessingConfig config) {
        this.options = options;
        this.config = config;
    }

    static BenchmarkCommand parse(List<String> args, Environment env) {
        int frames = 900;
        int runs = 3;
        // a few percent is the question, and on a shared machine single runs vary by ten
        int pairs = 15;
        int shortSeconds = 30;
        int longSeconds = 600;
        int largeFrames = 90;
        int warmUp = 3;
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--frames" -> frames = positive(args, ++i, "--frames");
                case "--runs" -> runs = positive(args, ++i, "--runs");
                case "--pairs" -> pairs = positive(args, ++i, "--pairs");
                case "--short-seconds" -> shortSeconds = positive(args, ++i, "--short-seconds");
                case "--long-seconds" -> longSeconds = positive(args, ++i, "--long-seconds");
                case "--large-frames" -> largeFrames = positive(args, ++i, "--large-frames");
                case "--warm-up" -> warmUp = positive(args, ++i, "--warm-up");
                default -> throw new Main.UsageException("unexpected argument '" + args.get(i) + "'");
            }
        }
        return new BenchmarkCommand(new Options(frames, runs, pairs, shortSeconds, longSeconds, largeFrames,
                warmUp),
                ProcessingConfig.from(env));
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
        SyntheticClip.builder().size(1280, 720).fps(FPS).frames(options.frames()).movingObjects(4).withAudio().build()
                .writeTo(clip);
        VideoEncoding encoding = config.encoding();
        boolean ffmpeg = ffmpegInstalled();
        out.printf(Locale.ROOT, "clip: 1280x720, %d frames at %d fps, with audio; H.264 crf %d preset %s; %d cores;"
                + " ratios are the median of %d runs in pairs with the ffmpeg command line%s%n", options.frames(), FPS,
                encoding.crf(), encoding.preset(), Runtime.getRuntime().availableProcessors(), options.runs(),
                ffmpeg ? "" : " (not installed: apt-get install ffmpeg)");
        BenchmarkTable table = new BenchmarkTable();
        PipelineSettings settings = config.pipeline();
        // a model as the service calls one: the real SDK over HTTP, each frame shrunk and compressed
        try (StandInSageMaker service = new StandInSageMaker(0, StandInSageMaker.FOUR_BOXES);
                SageMakerEndpoints model = SageMakerEndpoints.create(
                        List.of(new SageMakerEndpoints.Category(null, "stand-in")),
                        SageMakerSettings.of("stand-in", "eu-west-1").withEndpointUrl(service.url()),
                        settings.maxInFlight(), Optional.of(service.url()), CREDENTIALS, new OpenCvJpegEncoder())) {
            warmUp(out, clip, dir, settings, model);
            againstCli(table, ffmpeg, clip, dir, "no model (detector none)", LocalDetectors.create("none"), 1.05);
            for (int latency : List.of(0, 50, 200)) {
                service.latency(latency);
                againstCli(table, ffmpeg, clip, dir, "SageMaker model at " + latency + " ms a request", model,
                        1.10);
            }
        }
        InferenceClient detector = config.createInference();
        againstCli(table, ffmpeg, clip, dir, detector.describe() + " every " + settings.frameInterval() + " frames",
                detector, 1.30);
        Paired survey = interleaved(options.pairs(), () -> pipeline(clip, dir, detector, settings, false),
                () -> pipeline(clip, dir, detector, settings, true));
        table.cost("survey outputs (" + config.saveFrames().name().toLowerCase(Locale.ROOT) + " frame images, GPS,"
                + " map)", survey.ratio(), 5, range(survey, options.pairs()));
        compareEndpoints(table, clip, dir, settings);
        memory(table, ffmpeg, dir);
        for (int[] size : new int[][] {{1920, 1080}, {3840, 2160}}) {
            large(table, ffmpeg, dir, size[0], size[1]);
        }
        StartupBenchmark.Result plain = new StartupBenchmark().run(clip, dir, "plain", List.of());
        Optional<Path> archive = ChildJvm.classDataArchive();
        StartupBenchmark.Result startup = archive.isEmpty() ? plain : new StartupBenchmark().run(clip, dir,
                "archived", List.of("-XX:SharedArchiveFile=" + archive.get()));
        table.atMostSeconds("/health answers 200 after launch", startup.healthSeconds(), 3, "its own JVM, embedded"
                + " database, default settings" + (archive.isEmpty() ? "; no class-data archive beside the jar"
                : ", -XX:SharedArchiveFile=" + archive.get().getFileName() + " as the README launches it"));
        if (archive.isPresent()) {
            table.info("/health, launched without the archive", String.format(Locale.ROOT, "%.2f s",
                    plain.healthSeconds()), "the plain java -jar, for comparison");
        }
        table.atMost("a job made through POST /jobs is claimed", startup.claimMillis(), "ms", 200,
                String.format(Locale.ROOT, "claimed_at - created_at; seen by polling after %.0f ms",
                        startup.observedClaimMillis()));
        table.print(out);
        // the embedded database's speed, for the record: it has no target here
        new QueueBenchmark(QUEUE_JOBS, options.runs()).run(out, dir);
        return table.allMet() ? 0 : 1;
    }

    /**
     * Untimed for the table: runs with the stand-in model's four boxes, which take the path of every
     * row against the command line but the detector's. The code run once a frame is compiled in steps as it
     * is called (900 calls a video): one JVM's first videos with boxes took up to 1.3x as long as its
     * later ones. A worker that runs video after video pays that once; the table measures the worker
     * after it, and the runs' times are printed to show it.
     */
    private void warmUp(PrintStream out, Path clip, Path dir, PipelineSettings settings, InferenceClient model)
            throws IOException {
        List<String> seconds = new ArrayList<>();
        for (int i = 0; i < options.warmUp(); i++) {
            seconds.add(String.format(Locale.ROOT, "%.2f s",
                    pipeline(clip, dir, model, settings, false)));
        }
        out.println("warm-up, untimed for the table: " + options.warmUp() + " runs with four boxes a frame: "
                + String.join(", ", seconds));
    }

    /** The pipeline against the command line on the same clip, in pairs. */
    private void againstCli(BenchmarkTable table, boolean ffmpeg, Path clip, Path dir, String what,
            InferenceClient inference, double target) throws IOException, InterruptedException {
        if (!ffmpeg) {
            table.ratio(what, Double.NaN, target, "no ffmpeg command line to compare with");
            return;
        }
        List<String> cli = ffmpegCommand(clip, dir.resolve("ffmpeg.mp4"));
        Paired paired = interleaved(options.runs(), () -> time(cli),
                () -> pipeline(clip, dir, inference, config.pipeline(), false));
        table.ratio(what, paired.ratio(), target, String.format(Locale.ROOT, "%.2f s against %.2f s; %s",
                paired.second(), paired.first(), range(paired, options.runs())));
    }

    private List<String> ffmpegCommand(Path input, Path output) {
        VideoEncoding encoding = config.encoding();
        return List.of("ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y", "-i", input.toString(),
                "-c:v", "libx264", "-preset", encoding.preset(), "-crf", String.valueOf(encoding.crf()),
                "-pix_fmt", "yuv420p", "-c:a", "copy", "-movflags", "+faststart", output.toString());
    }

    /**
     * One SageMaker endpoint against {@value #ENDPOINTS} (one per category, as the main backend runs
     * them), each answering after {@value #ENDPOINT_LATENCY_MILLIS} ms: the real SDK over real HTTP to a
     * stand-in service.
     */
    private void compareEndpoints(BenchmarkTable table, Path clip, Path dir, PipelineSettings settings)
            throws IOException, InterruptedException {
        try (StandInSageMaker service = new StandInSageMaker(ENDPOINT_LATENCY_MILLIS, StandInSageMaker.ONE_BOX)) {
            SageMakerSettings base = SageMakerSettings.of("stand-in-0", "eu-west-1").withEndpointUrl(service.url());
            List<SageMakerEndpoints.Category> five = new ArrayList<>();
            for (int i = 0; i < ENDPOINTS; i++) {
                five.add(new SageMakerEndpoints.Category("category-" + i, "stand-in-" + i));
            }
            int frames = settings.maxInFlight();
            try (SageMakerEndpoints one = SageMakerEndpoints.create(five.subList(0, 1), base, frames,
                    Optional.of(service.url()), CREDENTIALS, new OpenCvJpegEncoder());
                    SageMakerEndpoints all = SageMakerEndpoints.create(five, base, frames * ENDPOINTS,
                            Optional.of(service.url()), CREDENTIALS, new OpenCvJpegEncoder())) {
                Paired paired = interleaved(options.runs(), () -> pipeline(clip, dir, one, settings, false),
                        () -> pipeline(clip, dir, all, settings, false));
                table.ratio(ENDPOINTS + " SageMaker endpoints against 1, " + ENDPOINT_LATENCY_MILLIS + " ms each",
                        paired.ratio(), 1.15, String.format(Locale.ROOT, "%.2f s against %.2f s; %s", paired.second(),
                                paired.first(), range(paired, options.runs())));
            }
        }
    }

    /** {@code process} at default settings in a JVM of its own, on a short 720p clip and a long one. */
    private void memory(BenchmarkTable table, boolean ffmpeg, Path dir) throws IOException, InterruptedException {
        Path work = Files.createDirectories(dir.resolve("memory"));
        Path shortClip = work.resolve("short.mp4");
        SyntheticClip.builder().size(1280, 720).fps(FPS).frames(options.shortSeconds() * FPS).movingObjects(4)
                .withAudio().build().writeTo(shortClip);
        Path longClip = work.resolve("long.mp4");
        int copies = (options.longSeconds() + options.shortSeconds() - 1) / options.shortSeconds();
        if (ffmpeg) {
            // the short clip again and again, copied without re-encoding: seconds, not minutes, to make
            time(List.of("ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-stream_loop", String.valueOf(copies - 1),
                    "-i", shortClip.toString(), "-c", "copy", longClip.toString()));
        } else {
            SyntheticClip.builder().size(1280, 720).fps(FPS).frames(copies * options.shortSeconds() * FPS)
                    .movingObjects(4).withAudio().build().writeTo(longClip);
        }
        ChildJvm.ProcessRun shortRun = ChildJvm.process(shortClip, work, "short");
        ChildJvm.ProcessRun longRun = ChildJvm.process(longClip, work, "long");
        table.atMost("peak memory, 720p " + options.shortSeconds() + " s clip", shortRun.peakMib(), "MiB", 400,
                "process at default settings (" + shortRun.detector() + "), its own JVM at default heap");
        table.ratio("peak memory, " + copies * options.shortSeconds() + " s clip against it",
                (double) longRun.peakMib() / shortRun.peakMib(), 1.30,
                String.format(Locale.ROOT, "%d MiB against %d MiB", longRun.peakMib(), shortRun.peakMib()));
    }

    /** A larger clip through {@code process} at default settings, for the record. */
    private void large(BenchmarkTable table, boolean ffmpeg, Path dir, int width, int height)
            throws IOException, InterruptedException {
        Path work = Files.createDirectories(dir.resolve(height + "p"));
        Path clip = work.resolve("clip.mp4");
        SyntheticClip.builder().size(width, height).fps(FPS).frames(options.largeFrames()).movingObjects(4)
                .withAudio().build().writeTo(clip);
        ChildJvm.ProcessRun run = ChildJvm.process(clip, work, "pipeline");
        double cli = ffmpeg ? time(ffmpegCommand(clip, work.resolve("ffmpeg.mp4"))) : Double.NaN;
        String ratio = Double.isNaN(cli) ? String.format(Locale.ROOT, "%.2f s", run.seconds())
                : String.format(Locale.ROOT, "%.2fx", run.seconds() / cli);
        table.info(height + "p, " + options.largeFrames() + " frames, process at defaults", ratio,
                String.format(Locale.ROOT, "%.2f s against the command line's %.2f s; peak memory %d MiB",
                        run.seconds(), cli, run.peakMib()));
    }

    private static String range(Paired paired, int pairs) {
        return String.format(Locale.ROOT, "%d pairs, %.2fx to %.2fx", pairs, paired.lowest(), paired.highest());
    }

    private static boolean ffmpegInstalled() throws InterruptedException {
        try {
            Process probe = new ProcessBuilder("ffmpeg", "-version").redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            return probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
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
        if (annotation.stats().totalFrames() != options.frames()) {
            throw new IOException("the pipeline wrote " + annotation.stats().totalFrames() + " frames, not "
                    + options.frames());
        }
        return seconds;
    }

    /** Seconds the command took. */
    private static double time(List<String> command) throws IOException, InterruptedException {
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
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
     * median ratio then leaves out the odd pair that a burst of noise hit. Each side first runs once
     * untimed: the first run of a path pays for compiling its code (the first video with boxes took
     * 1.3x the time of the next ones) and for reading the clip into the page cache, which a worker
     * that runs video after video pays once.
     */
    private static Paired interleaved(int pairedRuns, Timed a, Timed b) throws IOException, InterruptedException {
        a.run();
        b.run();
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

    @FunctionalInterface
    private interface Timed {
        double run() throws IOException, InterruptedException;
    }
}
