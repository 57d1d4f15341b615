package dev.mlpipeline.video.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlpipeline.core.domain.BoundingBox;
import dev.mlpipeline.core.domain.Detection;
import dev.mlpipeline.core.port.VideoFrame;
import dev.mlpipeline.video.draw.I420Painter;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;
import org.bytedeco.opencv.opencv_core.Mat;
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

    private static final List<Detection> SIGN = List.of(new Detection("sign", 0.9, new BoundingBox(20, 30, 100, 90), 1));

    /** An I420 picture of one brightness and a horizontal ramp of blue-difference, so that colour counts. */
    private static VideoFrame i420(int width, int height, int brightness) {
        byte[] yuv = new byte[(int) VideoFrame.i420Size(width, height)];
        Arrays.fill(yuv, 0, width * height, (byte) brightness);
        for (int i = width * height; i < yuv.length; i++) {
            yuv[i] = (byte) (96 + (i % (width / 2)) * 64 / (width / 2));
        }
        return VideoFrame.i420(7, 0, width, height, yuv);
    }

    /** What the annotated video shows for the frame: drawn in I420 by its painter, then seen in BGR. */
    private static BufferedImage asTheVideoDrawsIt(VideoFrame frame, List<Detection> detections) {
        ByteBuffer pixels = ByteBuffer.wrap(frame.pixels().clone());
        new I420Painter().draw(pixels, frame.width(), frame.height(), detections);
        VideoFrame drawn = VideoFrame.i420(frame.index(), 0, frame.width(), frame.height(), pixels.array());
        BufferedImage image = new BufferedImage(frame.width(), frame.height(), BufferedImage.TYPE_INT_RGB);
        try (Mat bgr = BgrMats.toMat(drawn)) {
            byte[] bytes = BgrMats.toBytes(bgr);
            for (int i = 0; i < frame.width() * frame.height(); i++) {
                image.setRGB(i % frame.width(), i / frame.width(),
                        (bytes[3 * i + 2] & 0xff) << 16 | (bytes[3 * i + 1] & 0xff) << 8 | bytes[3 * i] & 0xff);
            }
        }
        return image;
    }

    /**
     * Null when {@code saved} is the frame as the video draws it with {@link #SIGN}, within what JPEG
     * loses (its edges and text lose most), and clearly not the bare frame; else what is wrong.
     */
    private static String showsTheVideosFrame(BufferedImage saved, VideoFrame frame) {
        double fromTheVideo = meanDifference(saved, asTheVideoDrawsIt(frame, SIGN));
        double fromTheBareFrame = meanDifference(saved, asTheVideoDrawsIt(frame, List.of()));
        return fromTheVideo < 5 && fromTheBareFrame > 3 * fromTheVideo ? null
                : "differs by " + fromTheVideo + " from the video's frame, by " + fromTheBareFrame + " from the bare one";
    }

    /** The mean difference per channel between two images of one size, 0 to 255. */
    private static double meanDifference(BufferedImage a, BufferedImage b) {
        long sum = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                for (int shift = 0; shift <= 16; shift += 8) {
                    sum += Math.abs((p >> shift & 0xff) - (q >> shift & 0xff));
                }
            }
        }
        return sum / (3.0 * a.getWidth() * a.getHeight());
    }

    @Test
    void anI420FrameIsTheVideosFrameWithItsBoxes() throws IOException {
        VideoFrame frame = i420(160, 120, 128);
        Path target = dir.resolve("frame_000007_0.23s.jpg");

        new JpegFrameImages().save(frame, SIGN, target);

        assertEquals(null, showsTheVideosFrame(ImageIO.read(target.toFile()), frame));
        assertEquals(List.of(target), Files.list(dir).toList(), "no temporary file stays behind");
    }

    @Test
    void framesOfOtherSizesInTurnAreEachWhole() throws IOException {
        JpegFrameImages images = new JpegFrameImages();
        int[][] sizes = {{128, 96}, {192, 144}, {128, 96}};
        for (int i = 0; i < sizes.length; i++) {
            VideoFrame frame = i420(sizes[i][0], sizes[i][1], 60 + 50 * i);
            Path target = dir.resolve("frame_" + i + ".jpg");

            images.save(frame, SIGN, target);

            BufferedImage saved = ImageIO.read(target.toFile());
            assertEquals(sizes[i][0], saved.getWidth());
            assertEquals(null, showsTheVideosFrame(saved, frame), "image " + i);
        }
    }

    @Test
    void threadsSavingAtOnceEachWriteTheirOwnFrame() throws Exception {
        JpegFrameImages images = new JpegFrameImages();
        ExecutorService threads = Executors.newFixedThreadPool(3);
        try {
            List<Future<String>> wrong = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                VideoFrame frame = i420(160, 120, 40 + 6 * i);
                Path target = dir.resolve("frame_" + i + ".jpg");
                wrong.add(threads.submit(() -> {
                    images.save(frame, SIGN, target);
                    return showsTheVideosFrame(ImageIO.read(target.toFile()), frame);
                }));
            }
            for (Future<String> image : wrong) {
                assertEquals(null, image.get());
            }
        } finally {
            threads.shutdownNow();
        }
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
