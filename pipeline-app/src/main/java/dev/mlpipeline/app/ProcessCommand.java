package dev.mlpipeline.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.mlpipeline.core.domain.Survey;
import dev.mlpipeline.core.service.Annotation;
import dev.mlpipeline.core.service.DetectionsSinks;
import dev.mlpipeline.core.service.FrameContext;
import dev.mlpipeline.core.service.UploadFolder;
import dev.mlpipeline.core.service.VideoAnnotator;
import dev.mlpipeline.video.io.GeoJsonObjectsSink;
import dev.mlpipeline.video.io.GpxTrackReader;
import dev.mlpipeline.video.io.JavaCvAnnotatedVideoSink;
import dev.mlpipeline.video.io.JavaCvFrameSource;
import dev.mlpipeline.video.io.JsonDetectionsSink;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;

/**
 * {@code process <input> [--output <file>] [--detector <name>] [--gpx <track>]}: annotates one file with
 * the local detector, with no server and no database, and prints the statistics as JSON on standard
 * output. Beside the video go its frame records (placed on the GPS track when one is given) and the map
 * layer of its tracked objects.
 */
final class ProcessCommand {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    // the stats' record components under the names the job's result gives them: total_frames, ...
    private static final ObjectMapper SNAKE_CASE = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();

    private final Path input;
    private final Path output;
    private final ProcessingConfig config;
    private final Path gpx;

    ProcessCommand(Path input, Path output, ProcessingConfig config, Path gpx) {
        this.input = input;
        this.output = output;
        this.config = config;
        this.gpx = gpx;
    }

    static ProcessCommand parse(List<String> args, Environment env) {
        Path input = null;
        Path output = null;
        Path gpx = null;
        ProcessingConfig config = ProcessingConfig.from(env);
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--output", "-o" -> output = Path.of(value(args, ++i, arg));
                case "--detector", "-d" -> config = config.withDetector(value(args, ++i, arg));
                case "--gpx" -> gpx = Path.of(value(args, ++i, arg)).toAbsolutePath().normalize();
                default -> {
                    if (arg.startsWith("-") || input != null) {
                        throw new Main.UsageException("unexpected argument '" + arg + "'");
                    }
                    input = Path.of(arg);
                }
            }
        }
        if (input == null) {
            throw new Main.UsageException("process needs an input file");
        }
        input = input.toAbsolutePath().normalize();
        if (output == null) {
            output = input.resolveSibling("annotated_" + UploadFolder.stem(input) + ".mp4");
        }
        return new ProcessCommand(input, output.toAbsolutePath().normalize(), config, gpx);
    }

    private static String value(List<String> args, int index, String option) {
        if (index >= args.size()) {
            throw new Main.UsageException(option + " needs a value");
        }
        return args.get(index);
    }

    /** A hidden name beside {@code file} for its next version. */
    private static Path beside(Path file) {
        return file.resolveSibling("." + file.getFileName() + ".new");
    }

    Path detectionsPath() {
        return output.resolveSibling(UploadFolder.stem(output) + ".detections.json");
    }

    Path objectsPath() {
        return UploadFolder.objectsBeside(detectionsPath());
    }

    int run() throws IOException {
        return run(System.out, System.err, ProgressBar.onTerminal());
    }

    int run(PrintStream out, PrintStream err, ProgressBar bar) throws IOException {
        if (!Files.isRegularFile(input)) {
            err.println("ml-pipeline: no such file: " + input);
            return 1;
        }
        Files.createDirectories(output.getParent());
        // the outputs are the user's own files, named on the command line: a run writes new ones beside
        // them and replaces them only once it succeeded (the service never replaces a published file)
        Path newVideo = beside(output);
        Path newDetections = beside(detectionsPath());
        Path newObjects = UploadFolder.objectsBeside(newDetections);
        for (Path stale : List.of(newVideo, newDetections, newObjects)) {
            Files.deleteIfExists(stale);
        }
        List<String> warnings = new ArrayList<>();
        FrameContext context = FrameContext.NONE;
        if (gpx != null) {
            try {
                context = new FrameContext(null, null, Survey.NONE, new GpxTrackReader().read(gpx), config.gpsOffset());
            } catch (IOException e) {
                warnings.add("GPS track " + gpx.getFileName() + " not used, frames have no location: " + e.getMessage());
            }
        }
        VideoAnnotator annotator = new VideoAnnotator(new JavaCvFrameSource(), config.createInference(),
                new JavaCvAnnotatedVideoSink(config.encoding()),
                DetectionsSinks.all(List.of(new JsonDetectionsSink(), new GeoJsonObjectsSink())), config.pipeline());
        Annotation annotation;
        long start = System.nanoTime();
        try {
            annotation = annotator.annotate(input, newVideo, newDetections, context, () -> false, bar);
            Files.move(newVideo, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Files.move(newDetections, detectionsPath(), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
            Files.move(newObjects, objectsPath(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            err.println("ml-pipeline: no such file: " + e.getMessage());
            return 1;
        } catch (IOException | CancellationException e) {
            err.println("ml-pipeline: could not process " + input.getFileName() + ": " + e.getMessage());
            return 1;
        } finally {
            bar.finish();
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("input", input.toString());
        report.put("annotated_video", output.toString());
        report.put("detections", detectionsPath().toString());
        report.put("objects", objectsPath().toString());
        report.put("detector", annotator.inference().describe());
        // the run alone, without the JVM's start, and the process's peak memory: what the benchmark reads
        report.put("seconds", Math.round((System.nanoTime() - start) / 1e6) / 1e3);
        report.put("peak_memory_mib", PeakMemory.mib());
        @SuppressWarnings("unchecked")
        Map<String, Object> stats = SNAKE_CASE.convertValue(annotation.stats(), Map.class);
        stats.put("output_path", output.toString());
        report.put("stats", stats);
        warnings.addAll(annotation.warnings());
        report.put("warnings", warnings);
        out.println(JSON.writeValueAsString(report));
        return 0;
    }
}
