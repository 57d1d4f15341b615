package dev.mlpipeline.video.io;

import static dev.mlpipeline.video.io.VideoFixtures.decode;
import static dev.mlpipeline.video.io.VideoFixtures.probe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlpipeline.core.domain.BoundingBox;
import dev.mlpipeline.core.domain.Detection;
import dev.mlpipeline.core.port.AnnotatedVideoSink;
import dev.mlpipeline.core.port.VideoInfo;
import dev.mlpipeline.video.synthetic.SyntheticClip;
import dev.mlpipeline.video.synthetic.SyntheticScene;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JavaCvAnnotatedVideoSinkTest {
    private static final VideoInfo SMALL = new VideoInfo(160, 120, 25, 0, 0, false);

    @TempDir
    Path dir;

    private final JavaCvAnnotatedVideoSink sink = new JavaCvAnnotatedVideoSink();

    interface ClipMaker {
        void write(Path file) throws IOException;
    }

    static Stream<Arguments> inputs() {
        return Stream.of(
                Arguments.of("320x240 at 30", (ClipMaker) f -> SyntheticClip.builder().size(320, 240).fps(30)
                        .frames(30).movingObjects(2).build().writeTo(f), 320, 240),
                Arguments.of("640x360 at 29.97 with audio", (ClipMaker) f -> SyntheticClip.builder().size(640, 360)
                        .fps(30000 / 1001.0).frames(45).movingObjects(2).withAudio().build().writeTo(f), 640, 360),
                Arguments.of("odd 321x241 at 25", (ClipMaker) VideoFixturesOdd::write, 322, 242),
                Arguments.of("rotated 90 with audio", (ClipMaker) f -> SyntheticClip.builder().size(320, 240).fps(24)
                        .frames(24).movingObjects(1).rotation(90).withAudio().build().writeTo(f), 240, 320));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inputs")
    void outputHasTheInputsFramesRateDurationAndAudioAsH264Yuv420p(String name, ClipMaker maker, int expectedWidth,
            int expectedHeight) throws IOException {
        Path input = dir.resolve("input.mp4");
        maker.write(input);
        Path output = dir.resolve("annotated_input.mp4");

        VideoFixtures.annotate(input, output, frame -> List.of(
                new Detection("moving_object", 0.9, new BoundingBox(10, 20, 60, 70))));

        VideoFixtures.Decoded in = decode(input);
        VideoFixtures.Decoded out = decode(output);
        assertEquals(in.frameCount(), out.frameCount(), "frame count");
        assertEquals(expectedWidth, out.width());
        assertEquals(expectedHeight, out.height());
        assertEquals(in.info().fps(), out.info().fps(), 1e-9, "frame rate");
        double frame = 1 / in.info().fps();
        assertEquals(in.info().durationSeconds(), out.info().durationSeconds(), frame, "duration");
        assertEquals(in.timestamps(), out.timestamps(), "every frame at its original time");

        VideoFixtures.Probe inProbe = probe(input);
        VideoFixtures.Probe outProbe = probe(output);
        assertTrue(VideoFixtures.isH264Yuv420p(outProbe), outProbe.toString());
        assertEquals("h264", outProbe.videoCodecName());
        assertEquals(0, outProbe.displayRotation(), "frames are already upright");
        assertEquals(inProbe.videoSeconds(), outProbe.videoSeconds(), frame, "video stream duration");
        assertEquals(inProbe.hasAudio(), outProbe.hasAudio(), "audio track");
        if (inProbe.hasAudio()) {
            assertEquals(inProbe.audioCodec(), outProbe.audioCodec(), "copied, not re-encoded");
            assertEquals(inProbe.audioSeconds(), outProbe.audioSeconds(), 0.001, "audio duration");
        }
    }

    /** An odd-sized clip: JavaCV's recorder cannot write one, so plain FFmpeg calls do. */
    static final class VideoFixturesOdd {
        static void write(Path file) throws IOException {
            SyntheticScene scene = new SyntheticScene(321, 241, 25, 2, 5);
            long[] pts = new long[25];
            for (int i = 0; i < pts.length; i++) {
                pts[i] = i;
            }
            RawClipWriter.write(file, 321, 241, 25, pts, scene::render);
        }
    }

    @Test
    void givenOddSize_thenPadsByRepeatingTheLastRowAndColumn() throws IOException {
        Path input = dir.resolve("odd.mp4");
        VideoFixturesOdd.write(input);
        Path output = dir.resolve("annotated_odd.mp4");

        VideoFixtures.annotate(input, output, frame -> List.of());

        VideoFixtures.Decoded in = decode(input, 3);
        VideoFixtures.Decoded out = decode(output, 3);
        var source = in.kept().get(3);
        var padded = out.kept().get(3);
        for (int y = 20; y < 240; y += 40) {
            assertTrue(VideoFixtures.maxChannelDistance(VideoFixtures.pixel(source, 320, y),
                    VideoFixtures.pixel(padded, 321, y)) < 40, "extra column repeats the last one at y=" + y);
        }
        for (int x = 20; x < 320; x += 40) {
            assertTrue(VideoFixtures.maxChannelDistance(VideoFixtures.pixel(source, x, 240),
                    VideoFixtures.pixel(padded, x, 241)) < 40, "extra row repeats the last one at x=" + x);
        }
    }

    @Test
    void keepsTheIrregularTimestampsOfAVariableFrameRateVideo() throws IOException {
        Path input = dir.resolve("vfr.mp4");
        long[] millis = {0, 20, 80, 100, 160, 180, 240, 260, 400, 420, 480, 500, 533, 566, 600};
        SyntheticScene scene = new SyntheticScene(320, 240, 25, 1, 9);
        RawClipWriter.write(input, 320, 240, 1000, millis, scene::render);
        Path output = dir.resolve("annotated_vfr.mp4");

        VideoFixtures.annotate(input, output, frame -> List.of());

        VideoFixtures.Decoded out = decode(output);
        assertEquals(millis.length, out.frameCount());
        for (int i = 0; i < millis.length; i++) {
            assertEquals(millis[i] * 1000, out.timestamps().get(i), 200, "timestamp of frame " + i);
        }
    }

    @Test
    void neverDropsOrDuplicatesFramesWhoseTimestampsCollide() throws IOException {
        Path output = dir.resolve("collide.mp4");
        long[] micros = {0, 0, 40_000, 40_000, 40_010, 30_000, 120_000, 160_000};

        try (AnnotatedVideoSink.Writer writer = sink.create(null, output, SMALL)) {
            for (int i = 0; i < micros.length; i++) {
                writer.write(VideoFixtures.flatFrame(i, micros[i], 160, 120, 90, 90, 90), List.of());
            }
            writer.commit();
        }

        VideoFixtures.Decoded out = decode(output);
        assertEquals(micros.length, out.frameCount());
        for (int i = 1; i < micros.length; i++) {
            assertTrue(out.timestamps().get(i) > out.timestamps().get(i - 1), "time moves forward at frame " + i);
        }
    }

    @Test
    void outputAppearsOnlyOnCommitAndNoTemporaryFileRemains() throws IOException {
        Path output = dir.resolve("annotated.mp4");

        try (AnnotatedVideoSink.Writer writer = sink.create(null, output, SMALL)) {
            for (int i = 0; i < 5; i++) {
                writer.write(VideoFixtures.flatFrame(i, i * 40_000L, 160, 120, 50, 60, 70), List.of());
            }
            assertFalse(Files.exists(output), "nothing at the final path while writing");
            writer.commit();
            assertTrue(Files.exists(output));
        }

        assertEquals(List.of(output), listDir());
    }

    @Test
    void closeWithoutCommitLeavesNoFileBehind() throws IOException {
        Path output = dir.resolve("annotated.mp4");

        try (AnnotatedVideoSink.Writer writer = sink.create(null, output, SMALL)) {
            for (int i = 0; i < 5; i++) {
                writer.write(VideoFixtures.flatFrame(i, i * 40_000L, 160, 120, 50, 60, 70), List.of());
            }
        }

        assertEquals(List.of(), listDir(), "neither the output nor its temporary file");
    }

    @Test
    void givenNoFramesWritten_thenCommitFailsAndLeavesNothing() throws IOException {
        Path output = dir.resolve("annotated.mp4");

        try (AnnotatedVideoSink.Writer writer = sink.create(null, output, SMALL)) {
            IOException e = assertThrows(IOException.class, writer::commit);
            assertTrue(e.getMessage().contains("no frames"), e.getMessage());
        }

        assertEquals(List.of(), listDir());
    }

    @Test
    void givenSourceAudioCannotBeRead_thenWritesTheVideoWithoutIt() throws IOException {
        Path output = dir.resolve("annotated.mp4");
        VideoInfo claimsAudio = new VideoInfo(160, 120, 25, 0, 0, true);

        try (AnnotatedVideoSink.Writer writer = sink.create(dir.resolve("gone.mp4"), output, claimsAudio)) {
            writer.write(VideoFixtures.flatFrame(0, 0, 160, 120, 50, 60, 70), List.of());
            writer.commit();
        }

        assertFalse(probe(output).hasAudio());
        assertEquals(1, decode(output).frameCount());
    }

    @Test
    void putsTheIndexBeforeTheMediaDataForFastStart() throws IOException {
        Path input = dir.resolve("input.mp4");
        SyntheticClip.builder().frames(10).withAudio().build().writeTo(input);
        Path output = dir.resolve("annotated.mp4");

        VideoFixtures.annotate(input, output, frame -> List.of());

        List<String> boxes = VideoFixtures.topLevelBoxes(output);
        assertTrue(boxes.contains("moov") && boxes.contains("mdat"), boxes.toString());
        assertTrue(boxes.indexOf("moov") < boxes.indexOf("mdat"), "moov before mdat: " + boxes);
    }

    @Test
    void aHigherCrfGivesASmallerFile() throws IOException {
        Path input = dir.resolve("input.mp4");
        SyntheticClip.builder().frames(15).movingObjects(3).build().writeTo(input);
        Path fine = dir.resolve("fine.mp4");
        Path coarse = dir.resolve("coarse.mp4");

        VideoFixtures.annotate(new JavaCvAnnotatedVideoSink(new VideoEncoding(15, "veryfast")), input, fine,
                frame -> List.of());
        VideoFixtures.annotate(new JavaCvAnnotatedVideoSink(new VideoEncoding(40, "veryfast")), input, coarse,
                frame -> List.of());

        assertTrue(Files.size(coarse) < Files.size(fine) / 2, Files.size(coarse) + " vs " + Files.size(fine));
    }

    @Test
    void rejectsAFrameOfAnotherSize() throws IOException {
        try (AnnotatedVideoSink.Writer writer = sink.create(null, dir.resolve("out.mp4"), SMALL)) {
            assertThrows(IllegalArgumentException.class,
                    () -> writer.write(VideoFixtures.flatFrame(0, 0, 320, 240, 0, 0, 0), List.of()));
        }
    }

    @Test
    void neverReplacesAPublishedOutput() throws IOException {
        Path output = Files.writeString(dir.resolve("annotated.mp4"), "a published result");

        try (AnnotatedVideoSink.Writer writer = sink.create(null, output, SMALL)) {
            writer.write(VideoFixtures.flatFrame(0, 0, 160, 120, 50, 60, 70), List.of());
            assertThrows(FileAlreadyExistsException.class, writer::commit);
        }

        assertEquals("a published result", Files.readString(output));
        assertEquals(List.of(output), listDir(), "the temporary file is gone");
    }

    private List<Path> listDir() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }
}
