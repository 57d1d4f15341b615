package dev.mlpipeline.video.io;

import static dev.mlpipeline.video.io.VideoFixtures.decode;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlpipeline.core.port.FrameSource;
import dev.mlpipeline.core.port.VideoFormatException;
import dev.mlpipeline.core.port.VideoFrame;
import dev.mlpipeline.core.port.VideoInfo;
import dev.mlpipeline.video.synthetic.SyntheticClip;
import dev.mlpipeline.video.synthetic.SyntheticScene;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavaCvFrameSourceTest {
    @TempDir
    Path dir;

    private final JavaCvFrameSource source = new JavaCvFrameSource();

    /** The process's threads, native ones included (Linux). */
    private static int osThreads() throws IOException {
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            return (int) tasks.count();
        }
    }

    private static List<byte[]> pixels(JavaCvFrameSource source, Path clip) throws IOException {
        List<byte[]> frames = new ArrayList<>();
        try (FrameSource.Stream stream = source.open(clip)) {
            for (Optional<VideoFrame> frame; (frame = stream.next()).isPresent(); ) {
                frames.add(frame.get().pixels().clone());
            }
        }
        return frames;
    }

    @Test
    void theDecodersThreadsAreItsOwnAndChangeNoPixel() throws IOException {
        Path clip = dir.resolve("clip.mp4");
        SyntheticClip.builder().size(320, 240).fps(30).frames(40).movingObjects(3).build().writeTo(clip);
        List<JavaCvFrameSource> sources = List.of(new JavaCvFrameSource(1), new JavaCvFrameSource(6),
                new JavaCvFrameSource());
        int[] threads = new int[sources.size()];
        for (int i = 0; i < threads.length; i++) {
            try (FrameSource.Stream stream = sources.get(i).open(clip)) {
                stream.next();
                threads[i] = osThreads();
            }
        }
        // FFmpeg's frame threads start when the decoder opens; a JIT thread coming or going may blur one
        assertTrue(threads[1] - threads[0] >= 4, "6 decoding threads against 1: " + threads[0] + " -> " + threads[1]);
        if (Runtime.getRuntime().availableProcessors() <= 4) {
            // FFmpeg's own choice would be a thread per core and one more: at least two more than one
            assertTrue(Math.abs(threads[2] - threads[0]) < 2, "by default one decoding thread on a small machine: "
                    + threads[2] + " threads against " + threads[0] + " with one");
        }

        List<byte[]> one = pixels(new JavaCvFrameSource(1), clip);
        List<byte[]> many = pixels(new JavaCvFrameSource(0), clip);
        assertEquals(40, one.size());
        assertEquals(many.size(), one.size());
        for (int i = 0; i < one.size(); i++) {
            assertArrayEquals(many.get(i), one.get(i), "frame " + i);
        }
        assertThrows(IllegalArgumentException.class, () -> new JavaCvFrameSource(-1));
    }

    @Test
    void yieldsEveryFrameWithCountedIndexAndItsOwnTimestamp() throws IOException {
        Path clip = dir.resolve("clip.mp4");
        SyntheticClip.builder().size(320, 240).fps(30).frames(30).build().writeTo(clip);

        VideoFixtures.Decoded decoded = decode(clip);

        assertEquals(new VideoInfo(320, 240, 30.0, 30, 1.0, false), decoded.info());
        assertEquals(30, decoded.frameCount());
        assertEquals(320, decoded.width());
        assertEquals(240, decoded.height());
        for (int i = 0; i < 30; i++) {
            assertEquals(Math.round(i * 1_000_000 / 30.0), decoded.timestamps().get(i), 1, "timestamp of frame " + i);
        }
    }

    @Test
    void reportsTheExactFractionalFrameRateAndTheAudioTrack() throws IOException {
        Path clip = dir.resolve("ntsc.mp4");
        SyntheticClip.builder().size(640, 360).fps(30000 / 1001.0).frames(45).withAudio().build().writeTo(clip);

        VideoFixtures.Decoded decoded = decode(clip);

        VideoInfo info = decoded.info();
        assertEquals(30000 / 1001.0, info.fps(), 1e-9, "29.97, not 29 or 30");
        assertEquals(45, info.frameCountHint());
        assertEquals(45 * 1001 / 30000.0, info.durationSeconds(), 0.001);
        assertTrue(info.hasAudio());
        assertEquals(45, decoded.frameCount());
        assertEquals(Math.round(44 * 1_001_000_000L / 30000.0), decoded.timestamps().get(44), 1);
    }

    @Test
    void decodesPicturesCloseToWhatWasEncoded() throws IOException {
        SyntheticClip clip = SyntheticClip.builder().size(320, 240).frames(5).movingObjects(2).build();
        Path file = dir.resolve("clip.mp4");
        clip.writeTo(file);

        VideoFrame third = decode(file, 2).kept().get(2);

        assertTrue(VideoFixtures.meanDifference(clip.pixelsOf(2), third.bgr()) < 4,
                "BGR channel order and row layout survive the round trip");
    }

    @Test
    void givenOddSize_thenFramesKeepTheOddSize() throws IOException {
        Path clip = dir.resolve("odd.mp4");
        SyntheticScene scene = new SyntheticScene(321, 241, 25, 1, 1);
        long[] pts = new long[20];
        for (int i = 0; i < pts.length; i++) {
            pts[i] = i;
        }
        RawClipWriter.write(clip, 321, 241, 25, pts, scene::render);

        VideoFixtures.Decoded decoded = decode(clip, 7);

        assertEquals(321, decoded.info().width());
        assertEquals(241, decoded.info().height());
        assertEquals(25.0, decoded.info().fps(), 1e-9);
        assertEquals(20, decoded.frameCount());
        assertEquals(321, decoded.width());
        assertTrue(VideoFixtures.meanDifference(scene.render(7), decoded.kept().get(7).bgr()) < 4,
                "rows are unpadded correctly at an odd stride");
    }

    @Test
    void givenRotationMetadata_thenFramesComeOutUpright() throws IOException {
        SyntheticClip clip = SyntheticClip.builder().size(320, 240).frames(6).movingObjects(3).rotation(90).build();
        Path file = dir.resolve("portrait.mp4");
        clip.writeTo(file);

        VideoFixtures.Decoded decoded = decode(file, 0);

        assertEquals(240, decoded.info().width(), "upright width");
        assertEquals(320, decoded.info().height(), "upright height");
        VideoFrame first = decoded.kept().get(0);
        assertEquals(240, first.width());
        assertEquals(320, first.height());
        // a display rotation of +90 degrees is a quarter turn counter-clockwise, as ffmpeg autorotates
        VideoFrame expected = FrameRotation.COUNTERCLOCKWISE_90.apply(
                new VideoFrame(0, 0, 320, 240, clip.pixelsOf(0)));
        assertTrue(VideoFixtures.meanDifference(expected.bgr(), first.bgr()) < 4);
    }

    @Test
    void givenVariableFrameRate_thenEachFrameKeepsItsOwnTimestamp() throws IOException {
        Path clip = dir.resolve("vfr.mp4");
        long[] millis = {0, 20, 80, 100, 160, 180, 240, 260, 400, 420, 480, 500};
        SyntheticScene scene = new SyntheticScene(320, 240, 25, 1, 3);
        RawClipWriter.write(clip, 320, 240, 1000, millis, scene::render);

        VideoFixtures.Decoded decoded = decode(clip);

        assertEquals(millis.length, decoded.frameCount());
        for (int i = 0; i < millis.length; i++) {
            assertEquals(millis[i] * 1000, decoded.timestamps().get(i), "timestamp of frame " + i);
        }
    }

    @Test
    void givenMissingFile_thenNoSuchFile() {
        assertThrows(NoSuchFileException.class, () -> source.open(dir.resolve("nowhere.mp4")));
    }

    @Test
    void givenTextFile_thenVideoFormatExceptionNamingTheFile() throws IOException {
        Path text = VideoFixtures.textFile(dir.resolve("notes.mp4"));

        VideoFormatException e = assertThrows(VideoFormatException.class, () -> source.open(text));

        assertTrue(e.getMessage().contains("notes.mp4"), e.getMessage());
        assertTrue(e.getMessage().contains("not a readable video"), e.getMessage());
    }

    @Test
    void givenZeroFrameMp4_thenVideoFormatException() throws IOException {
        Path empty = VideoFixtures.zeroFrameMp4(dir.resolve("empty.mp4"));

        VideoFormatException e = assertThrows(VideoFormatException.class, () -> source.open(empty));

        assertTrue(e.getMessage().contains("no video"), e.getMessage());
    }

    @Test
    void givenAudioOnlyFile_thenVideoFormatExceptionSayingThereIsNoVideoStream() throws IOException {
        Path audio = VideoFixtures.audioOnlyMp4(dir.resolve("song.mp4"));

        VideoFormatException e = assertThrows(VideoFormatException.class, () -> source.open(audio));

        assertEquals("song.mp4 has no video stream", e.getMessage());
    }

    @Test
    void givenCorruptContainer_thenVideoFormatException() throws IOException {
        Path clip = dir.resolve("corrupt.mp4");
        SyntheticClip.builder().frames(10).build().writeTo(clip);
        VideoFixtures.corruptTail(clip, 0.5);

        assertThrows(VideoFormatException.class, () -> source.open(clip));
    }

    @Test
    void givenFileCutShort_thenYieldsTheFramesBeforeTheCutAndEndsCleanly() throws IOException {
        Path whole = dir.resolve("whole.mp4");
        SyntheticClip.builder().frames(30).movingObjects(2).build().writeTo(whole);
        Path faststart = dir.resolve("faststart.mp4");
        // the annotated output has its index first, as uploads from most phones do
        VideoFixtures.annotate(whole, faststart, frame -> List.of());
        VideoFixtures.truncate(faststart, 0.6);

        VideoFixtures.Decoded decoded = decode(faststart);

        assertEquals(30, decoded.info().frameCountHint(), "the container still claims every frame");
        assertTrue(decoded.frameCount() > 0 && decoded.frameCount() < 30, "decoded " + decoded.frameCount());
    }

    @Test
    void givenDirectory_thenVideoFormatException() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("folder.mp4"));

        assertThrows(VideoFormatException.class, () -> source.open(folder));
    }

    @Test
    void eachFrameKeepsItsPixelsWhileDecodingGoesOnAndTheEndStaysTheEnd() throws IOException {
        Path clip = dir.resolve("clip.mp4");
        SyntheticClip.builder().frames(3).movingObjects(1).build().writeTo(clip);

        try (FrameSource.Stream stream = source.open(clip)) {
            VideoFrame first = stream.next().orElseThrow();
            byte[] before = first.bgr().clone();
            VideoFrame second = stream.next().orElseThrow();
            Optional<VideoFrame> third = stream.next();

            assertFalse(first.bgr() == second.bgr());
            assertEquals(0, VideoFixtures.meanDifference(before, first.bgr()), "decoding on did not overwrite it");
            assertTrue(third.isPresent());
            assertTrue(stream.next().isEmpty());
            assertTrue(stream.next().isEmpty(), "the end stays the end");
        }
    }

    @Test
    void aRecycledFramesArrayIsDecodedIntoAgainAndEveryFrameComesOutAsWithoutRecycling() throws IOException {
        Path clip = dir.resolve("clip.mp4");
        SyntheticClip.builder().frames(12).movingObjects(2).build().writeTo(clip);
        List<byte[]> kept = new ArrayList<>();
        try (FrameSource.Stream stream = source.open(clip)) {
            for (Optional<VideoFrame> next = stream.next(); next.isPresent(); next = stream.next()) {
                kept.add(next.get().pixels());
            }
        }

        Set<byte[]> handedBack = Collections.newSetFromMap(new IdentityHashMap<>());
        int reused = 0;
        int index = 0;
        try (FrameSource.Stream stream = source.open(clip)) {
            for (Optional<VideoFrame> next = stream.next(); next.isPresent(); next = stream.next(), index++) {
                VideoFrame frame = next.get();
                if (handedBack.contains(frame.pixels())) {
                    reused++;
                }
                assertArrayEquals(kept.get(index), frame.pixels(), "frame " + index);
                handedBack.add(frame.pixels());
                stream.recycle(frame);
            }
        }
        assertEquals(12, index);
        assertTrue(reused >= 10, "decoded into recycled arrays: " + reused + " of 12");
    }
}
