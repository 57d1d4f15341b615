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

    /**
     * libjpeg scales its base tables by the quality: the luminance table's first entry, 16 at 50, is
     * 5 at 85 and 2 at OpenCV's default of 95.
     */
    @Test
    void compressesAtItsQualityNotOpenCvsDefault() throws IOException {
        Path target = dir.resolve("frame_000007_0.23s.jpg");
        new JpegFrameImages().save(grey(64, 48), List.of(), target);

        byte[] jpeg = Files.readAllBytes(target);
        int table = -1;
        for (int i = 0; i + 1 < jpeg.length && table < 0; i++) {
            if ((jpeg[i] & 0xff) == 0xff && (jpeg[i + 1] & 0xff) == 0xdb) {
                table = i;
            }
        }
        assertTrue(table >= 0, "a JPEG has a quantisation table");
        // marker (2), length (2), precision and table id (1), then the first entry
        assertEquals(0, jpeg[table + 4] & 0xff, "table 0, 8-bit");
        assertEquals(5, jpeg[table + 5] & 0xff, "quality " + JpegFrameImages.QUALITY);
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
