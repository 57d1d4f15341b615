package dev.mlpipeline.video.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlpipeline.core.domain.BoundingBox;
import dev.mlpipeline.core.domain.Detection;
import dev.mlpipeline.core.port.VideoFrame;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JpegFrameImagesTest {
    @TempDir
    Path dir;

    private static VideoFrame grey(int width, int height) {
        byte[] bgr = new byte[width * height * 3];
        java.util.Arrays.fill(bgr, (byte) 128);
        return new VideoFrame(7, 0, width, height, bgr);
    }

    @Test
    void savesTheFrameWithItsBoxesAsAJpegOfTheFramesSize() throws IOException {
        Path target = dir.resolve("frames").resolve("frame_000007_0.23s.jpg");

        new JpegFrameImages().save(grey(160, 120), List.of(new Detection("sign", 0.9,
                new BoundingBox(20, 30, 100, 90), 1)), target);

        BufferedImage image = ImageIO.read(target.toFile());
        assertEquals(160, image.getWidth());
        assertEquals(120, image.getHeight());
        int onTheBox = image.getRGB(60, 30) & 0xffffff;
        int grey = image.getRGB(5, 110) & 0xffffff;
        assertTrue(onTheBox != grey, "the box is drawn: " + Integer.toHexString(onTheBox));
        assertEquals(List.of(target), Files.list(target.getParent()).toList(), "no temporary file stays behind");
    }

    @Test
    void neverReplacesAnImage() throws IOException {
        Path target = dir.resolve("frame_000007_0.23s.jpg");
        new JpegFrameImages().save(grey(32, 32), List.of(), target);
        byte[] first = Files.readAllBytes(target);

        assertThrows(FileAlreadyExistsException.class, () -> new JpegFrameImages().save(grey(64, 64), List.of(),
                target));

        assertEquals(first.length, Files.readAllBytes(target).length);
    }
}
