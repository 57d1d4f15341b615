package dev.mlpipeline.video.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlpipeline.core.domain.BoundingBox;
import dev.mlpipeline.core.port.VideoFrame;
import dev.mlpipeline.video.io.VideoFixtures;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticClipTest {
    @TempDir
    Path dir;

    @Test
    void writesTheRequestedSizeRateFramesAndAudio() throws IOException {
        Path file = dir.resolve("demo.mp4");
        SyntheticClip clip = SyntheticClip.builder().size(256, 144).fps(12.5).frames(25).movingObjects(2)
                .withAudio().build();

        clip.writeTo(file);

        VideoFixtures.Decoded decoded = VideoFixtures.decode(file);
        assertEquals(25, decoded.frameCount());
        assertEquals(256, decoded.width());
        assertEquals(144, decoded.height());
        assertEquals(12.5, decoded.info().fps(), 1e-9);
        assertEquals(2.0, clip.durationSeconds(), 1e-9);
        VideoFixtures.Probe probe = VideoFixtures.probe(file);
        assertTrue(VideoFixtures.isH264Yuv420p(probe));
        assertTrue(probe.hasAudio());
        assertEquals(2.0, probe.audioSeconds(), 0.05, "the tone lasts as long as the pictures");
    }

    @Test
    void objectsMoveAndArePaintedWhereTheClipSaysTheyAre() {
        SyntheticClip clip = SyntheticClip.builder().size(320, 240).fps(30).frames(60).movingObjects(3).build();

        List<BoundingBox> first = clip.objectsAt(0);
        List<BoundingBox> later = clip.objectsAt(15);

        assertEquals(3, first.size());
        for (int k = 0; k < 3; k++) {
            assertNotEquals(first.get(k), later.get(k), "object " + k + " moved");
            BoundingBox box = later.get(k);
            assertTrue(box.x1() >= 0 && box.y1() >= 0 && box.x2() <= 320 && box.y2() <= 240, "stays inside: " + box);
        }
        VideoFrame frame = new VideoFrame(15, 0, 320, 240, clip.pixelsOf(15));
        BoundingBox rectangle = later.get(0);
        int[] centre = VideoFixtures.pixel(frame, (int) (rectangle.x1() + rectangle.x2()) / 2,
                (int) (rectangle.y1() + rectangle.y2()) / 2);
        assertArrayEquals(new int[] {40, 40, 230}, centre, "the first object is a red rectangle");
    }

    @Test
    void sameOptionsGiveTheSameFrames() {
        SyntheticClip a = SyntheticClip.builder().movingObjects(2).seed(5).build();
        SyntheticClip b = SyntheticClip.builder().movingObjects(2).seed(5).build();

        assertArrayEquals(a.pixelsOf(7), b.pixelsOf(7));
        assertEquals(a.objectsAt(7), b.objectsAt(7));
    }

    @Test
    void rejectsOptionsThatCannotMakeAClip() {
        assertThrows(IllegalArgumentException.class, () -> SyntheticClip.builder().size(321, 240).build());
        assertThrows(IllegalArgumentException.class, () -> SyntheticClip.builder().fps(0).build());
        assertThrows(IllegalArgumentException.class, () -> SyntheticClip.builder().frames(0).build());
        assertThrows(IllegalArgumentException.class, () -> SyntheticClip.builder().rotation(45).build());
    }
}
