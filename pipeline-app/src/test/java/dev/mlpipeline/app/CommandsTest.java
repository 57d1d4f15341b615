package dev.mlpipeline.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlpipeline.core.port.FrameSource;
import dev.mlpipeline.video.io.JavaCvFrameSource;
import dev.mlpipeline.video.synthetic.SyntheticClip;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandsTest {
    @TempDir
    Path dir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

    @Test
    void processAnnotatesOneFileAndPrintsItsStatsAsJson() throws Exception {
        Path clip = dir.resolve("walk.mp4");
        SyntheticClip.builder().size(320, 240).fps(25).frames(50).movingObjects(1).build().writeTo(clip);
        ProcessCommand command = ProcessCommand.parse(List.of(clip.toString(), "--output",
                dir.resolve("out/annotated.mp4").toString(), "--detector", "motion"), new Environment(Map.of()));

        int status = command.run(print(out), print(err), new ProgressBar(print(err), false));

        assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
        JsonNode report = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        assertEquals(50, report.get("stats").get("total_frames").asInt());
        assertEquals("local:motion", report.get("detector").asText());
        assertTrue(report.get("stats").get("total_detections").asInt() > 0, report.toString());
        assertTrue(Files.size(dir.resolve("out/annotated.mp4")) > 0);
        assertEquals(dir.resolve("out/annotated.detections.json").toString(), report.get("detections").asText());
        assertTrue(Files.isRegularFile(dir.resolve("out/annotated.detections.json")));
    }

    @Test
    void processWithNoDetectorReencodesEveryFrameAndFindsNothing() throws Exception {
        Path clip = dir.resolve("walk.mp4");
        SyntheticClip.builder().size(320, 240).fps(25).frames(30).movingObjects(1).build().writeTo(clip);
        ProcessCommand command = ProcessCommand.parse(List.of(clip.toString(), "--output",
                dir.resolve("plain.mp4").toString(), "--detector", "none"), new Environment(Map.of()));

        int status = command.run(print(out), print(err), new ProgressBar(print(err), false));

        assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
        JsonNode report = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        assertEquals("none", report.get("detector").asText());
        assertEquals(30, report.get("stats").get("total_frames").asInt());
        assertEquals(0, report.get("stats").get("total_detections").asInt(), report.toString());
        assertEquals(30, frameCount(dir.resolve("plain.mp4")));
    }

    private static long frameCount(Path video) throws Exception {
        try (FrameSource.Stream frames = new JavaCvFrameSource().open(video)) {
            long count = 0;
            while (frames.next().isPresent()) {
                count++;
            }
            return count;
        }
    }

    @Test
    void processWithATrackPlacesEveryFrameAndMapsTheObjectsBesideTheVideo() throws Exception {
        Path clip = dir.resolve("drive.mp4");
        SyntheticClip.builder().size(320, 240).fps(25).frames(50).movingObjects(1).build().writeTo(clip);
        Path track = Files.writeString(dir.resolve("drive.gpx"), """
                <gpx xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>
                <trkpt lat="25.0" lon="51.0"><ele>10</ele><time>2025-03-14T07:21:00Z</time></trkpt>
                <trkpt lat="25.002" lon="51.0"><ele>12</ele><time>2025-03-14T07:21:02Z</time></trkpt>
                </trkseg></trk></gpx>
                """);
        ProcessCommand command = ProcessCommand.parse(List.of(clip.toString(), "--gpx", track.toString()),
                new Environment(Map.of()));

        int status = command.run(print(out), print(err), new ProgressBar(print(err), false));

        assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
        JsonNode report = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        assertEquals(0, report.get("warnings").size(), report.toString());
        JsonNode frames = new ObjectMapper().readTree(dir.resolve("annotated_drive.detections.json").toFile())
                .get("frames");
        JsonNode last = frames.get(frames.size() - 1);
        assertEquals(48, last.get("frame").asInt());
        // 1.92 s into a track that goes 0.001 degrees north a second from 25.0
        assertEquals(25.00192, last.get("location").get("coordinates").get(1).asDouble(), 1e-9);
        assertEquals(11.92, last.get("altitude").asDouble(), 1e-9);
        JsonNode map = new ObjectMapper().readTree(dir.resolve("annotated_drive.objects.geojson").toFile());
        assertEquals(report.get("objects").asText(), dir.resolve("annotated_drive.objects.geojson").toString());
        assertTrue(map.get("features").size() >= 1, map.toString());
        assertEquals("moving_object", map.get("features").get(0).get("properties").get("class_name").asText());
    }

    @Test
    void processReplacesItsOutputsOnlyWhenTheNewRunSucceeds() throws Exception {
        Path output = dir.resolve("out.mp4");
        Path shortClip = dir.resolve("short.mp4");
        Path longClip = dir.resolve("long.mp4");
        SyntheticClip.builder().frames(10).build().writeTo(shortClip);
        SyntheticClip.builder().frames(20).build().writeTo(longClip);
        Files.writeString(dir.resolve("broken.mp4"), "not a video");
        ProgressBar quiet = new ProgressBar(print(err), false);
        Environment env = new Environment(Map.of());

        assertEquals(0, ProcessCommand.parse(List.of(shortClip.toString(), "-o", output.toString()), env)
                .run(print(out), print(err), quiet));
        byte[] first = Files.readAllBytes(output);
        assertEquals(1, ProcessCommand.parse(List.of(dir.resolve("broken.mp4").toString(), "-o", output.toString()), env)
                .run(print(out), print(err), quiet));
        assertArrayEquals(first, Files.readAllBytes(output), "a failed run leaves the earlier output");
        assertEquals(0, ProcessCommand.parse(List.of(longClip.toString(), "-o", output.toString()), env)
                .run(print(out), print(err), quiet));

        assertEquals(20, frameCount(output), "the second successful run replaced the output");
        try (var left = Files.list(dir)) {
            assertEquals(List.of(), left.filter(p -> p.getFileName().toString().startsWith(".")).toList());
        }
    }

    @Test
    void processNamesTheDetectionsFileAfterTheInputByDefault() {
        ProcessCommand command = ProcessCommand.parse(List.of(dir.resolve("clip.mov").toString()),
                new Environment(Map.of()));

        assertEquals(dir.resolve("annotated_clip.detections.json"), command.detectionsPath());
    }

    @Test
    void processOfAMissingOrCorruptFileFailsWithAMessage() throws Exception {
        Path corrupt = dir.resolve("broken.mp4");
        Files.writeString(corrupt, "not a video");

        int missing = ProcessCommand.parse(List.of(dir.resolve("nope.mp4").toString()), new Environment(Map.of()))
                .run(print(out), print(err), new ProgressBar(print(err), false));
        int broken = ProcessCommand.parse(List.of(corrupt.toString()), new Environment(Map.of()))
                .run(print(out), print(err), new ProgressBar(print(err), false));

        assertEquals(1, missing);
        assertEquals(1, broken);
        String messages = err.toString(StandardCharsets.UTF_8);
        assertTrue(messages.contains("no such file"), messages);
        assertTrue(messages.contains("could not process broken.mp4"), messages);
        assertEquals("", out.toString(StandardCharsets.UTF_8));
        assertFalse(Files.exists(dir.resolve("annotated_broken.mp4")));
    }

    @Test
    void badCommandLinesAreRefused() {
        Environment env = new Environment(Map.of());
        assertThrows(Main.UsageException.class, () -> ProcessCommand.parse(List.of(), env));
        assertThrows(Main.UsageException.class, () -> ProcessCommand.parse(List.of("a.mp4", "--output"), env));
        assertThrows(Main.UsageException.class, () -> ProcessCommand.parse(List.of("a.mp4", "b.mp4"), env));
        assertThrows(ConfigException.class, () -> ProcessCommand.parse(List.of("a.mp4", "--detector", "cats"), env));
        assertThrows(Main.UsageException.class, () -> BenchmarkCommand.parse(List.of("--frames", "0"), env));
        assertThrows(Main.UsageException.class, () -> BenchmarkCommand.parse(List.of("--pairs", "x"), env));
        assertThrows(Main.UsageException.class, () -> BenchmarkCommand.parse(List.of("--warm-up", "0"), env));
    }

    @Test
    void progressBarShowsShareAndFrames() {
        assertEquals("[###############               ]  50%  frame 150/300", ProgressBar.line(150, 300));
        assertEquals("frame 7", ProgressBar.line(7, 0));
    }

    @Test
    void demoRunsAClipThroughTheWholeServiceAndSaysWhatItFound() throws Exception {
        Path uploads = dir.resolve("uploads");

        int status = new DemoCommand(new Environment(Map.of("UPLOAD_DIR", uploads.toString()))).run(print(out));

        String printed = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, printed);
        assertTrue(printed.contains("job completed"), printed);
        assertTrue(printed.matches("(?s).*found: moving_object x [1-9].*"), printed);
        Path video = printedPath(printed, "annotated video: ");
        assertTrue(video.startsWith(uploads.resolve("annotated")), video.toString());
        try (FrameSource.Stream annotated = new JavaCvFrameSource().open(video)) {
            assertTrue(annotated.info().hasAudio());
            long frames = 0;
            while (annotated.next().isPresent()) {
                frames++;
            }
            assertEquals(120, frames, "the whole annotated clip decodes");
        }
        assertTrue(Files.isRegularFile(printedPath(printed, "detections:")));
    }

    /** The path printed after {@code label}, up to the next space. */
    private static Path printedPath(String printed, String label) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(label) + "\\s*(\\S+)")
                .matcher(printed);
        assertTrue(m.find(), "no '" + label + "' in: " + printed);
        return Path.of(m.group(1));
    }

    @Test
    void benchmarkPrintsOneTableOfEveryRowAgainstItsTargetAndExitsOneWhenOneIsMissed() throws Exception {
        int status = BenchmarkCommand.parse(List.of("--frames", "15", "--runs", "1", "--pairs", "1",
                "--short-seconds", "1", "--long-seconds", "2", "--large-frames", "3", "--warm-up", "2"),
                new Environment(Map.of())).run(print(out));

        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.matches("(?s).*warm-up, untimed for the table: 2 runs with four boxes a frame: "
                + "\\d+\\.\\d\\d s, \\d+\\.\\d\\d s\n.*"), printed);
        for (String row : List.of("no model (detector none)", "SageMaker model at 0 ms a request",
                "SageMaker model at 50 ms a request", "SageMaker model at 200 ms a request",
                "local:motion every 3 frames", "survey outputs (detections frame images",
                "5 SageMaker endpoints against 1, 100 ms each", "1080p, 3 frames, process at defaults",
                "2160p, 3 frames, process at defaults")) {
            assertTrue(printed.contains(row), "no row '" + row + "' in: " + printed);
        }
        // measured in child JVMs, so never left blank, with or without the ffmpeg command line
        assertTrue(printed.matches("(?s).*peak memory, 720p 1 s clip +\\d+ MiB +<= 400 MiB.*"), printed);
        assertTrue(printed.matches("(?s).*peak memory, 2 s clip against it +\\d+\\.\\d\\dx +<= 1\\.30x.*"), printed);
        assertTrue(printed.matches("(?s).*/health answers 200 after launch +\\d+\\.\\d\\d s +<= 3\\.0 s.*"), printed);
        assertTrue(printed.matches("(?s).*a job made through POST /jobs is claimed +\\d+ ms +<= 200 ms.*"), printed);
        boolean missed = printed.contains("MISSED");
        assertEquals(missed ? 1 : 0, status, printed);
        assertTrue(printed.contains(missed ? "target(s) missed" : "every target met"), printed);
        assertTrue(printed.matches("(?s).*embedded queue, 1000 jobs submitted through POST /jobs: \\d+ claims/s.*"),
                printed);
        assertTrue(printed.matches("(?s).*embedded queue, 1000 jobs inserted by the main backend: \\d+ claims/s.*"),
                printed);
    }
}
