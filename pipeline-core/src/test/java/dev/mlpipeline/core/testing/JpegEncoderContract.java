package dev.mlpipeline.core.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlpipeline.core.port.JpegEncoder;
import dev.mlpipeline.core.port.VideoFrame;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * What every {@link JpegEncoder} does, checked by decoding what it makes with the JDK's decoder and
 * comparing it with the frame shrunk by plain area averaging here. Extend it and name the encoder.
 */
public abstract class JpegEncoderContract {
    private static final int WIDTH = 1280;
    private static final int HEIGHT = 720;

    /** The encoder under test. */
    protected abstract JpegEncoder encoder();

    @Test
    void anI420FrameIsShrunkByAreaAveragingAndKeepsItsColours() {
        VideoFrame frame = scene(WIDTH, HEIGHT);

        BufferedImage image = decode(encoder().encode(frame, 640, 360, 90));

        assertEquals(640, image.getWidth());
        assertEquals(360, image.getHeight());
        // BT.601 limited range: Y 50 is grey 40, Y 200 is grey 214
        assertClose(0x28, image.getRGB(60, 40) & 0xff, "dark");
        assertClose(0xd6, image.getRGB(500, 300) & 0xff, "light");
        int red = image.getRGB(160, 180);
        assertTrue(((red >> 16) & 0xff) > ((red >> 8) & 0xff) + 60, "the square is red: " + Integer.toHexString(red));
        assertLooksLike(shrunk(frame, 640, 360), image, 3.0);
    }

    @Test
    void everyPixelCoveredCountsNotOnlyTheNearest() {
        VideoFrame frame = scene(WIDTH, HEIGHT);
        byte[] yuv = frame.pixels();
        for (int i = 0; i < WIDTH * HEIGHT; i++) {
            // one bright column in four: a quarter shrinks it into grey, where sampling sees dark or bright
            yuv[i] = (byte) (i % 4 == 0 ? 200 : 50);
        }

        BufferedImage image = decode(encoder().encode(frame, WIDTH / 4, HEIGHT / 4, 95));

        // Y (200 + 3 * 50) / 4 = 87.5 is grey 83 in BT.601 limited range
        assertClose(83, image.getRGB(20, 20) & 0xff, "the dark side's mean");
        assertClose(83, image.getRGB(300, 160) & 0xff, "the light side's mean");
    }

    @Test
    void aBgrFrameMakesTheSamePictureAsItsI420() {
        VideoFrame planar = scene(WIDTH, HEIGHT);
        VideoFrame packed = new VideoFrame(3, 100_000, WIDTH, HEIGHT, planar.bgr());

        BufferedImage fromPlanes = decode(encoder().encode(planar, 640, 360, 95));
        BufferedImage fromBgr = decode(encoder().encode(packed, 640, 360, 95));

        assertLooksLike(fromPlanes, fromBgr, 2.0);
    }

    @Test
    void theFramesOwnSizeAndOddSizesAreKept() {
        VideoFrame odd = scene(641, 361);

        BufferedImage whole = decode(encoder().encode(odd, 641, 361, 90));
        BufferedImage shrunk = decode(encoder().encode(odd, 321, 181, 90));

        assertEquals(641, whole.getWidth());
        assertEquals(361, whole.getHeight());
        assertEquals(321, shrunk.getWidth());
        assertEquals(181, shrunk.getHeight());
        assertLooksLike(shrunk(odd, 321, 181), shrunk, 3.0);
    }

    @Test
    void aLowerQualityMakesASmallerFile() {
        VideoFrame frame = scene(WIDTH, HEIGHT);
        byte[] yuv = frame.pixels();
        for (int i = 0; i < WIDTH * HEIGHT; i++) {
            // fine detail, which is what a lower quality gives up
            yuv[i] = (byte) (16 + ((i % WIDTH) * 7 ^ (i / WIDTH) * 13) % 220);
        }

        int low = encoder().encode(frame, 640, 360, 20).length;
        int high = encoder().encode(frame, 640, 360, 95).length;

        assertTrue(low < high * 0.8, "quality 20 makes " + low + " bytes, quality 95 " + high);
    }

    @Test
    void sizesAndQualitiesOutOfRangeAreRefused() {
        VideoFrame frame = scene(64, 36);

        assertThrows(IllegalArgumentException.class, () -> encoder().encode(frame, 65, 36, 85));
        assertThrows(IllegalArgumentException.class, () -> encoder().encode(frame, 64, 0, 85));
        assertThrows(IllegalArgumentException.class, () -> encoder().encode(frame, 32, 18, 0));
        assertThrows(IllegalArgumentException.class, () -> encoder().encode(frame, 32, 18, 101));
    }

    @Test
    void threadsEncodingAtOnceMakeWhatOneThreadMakes() throws Exception {
        List<VideoFrame> frames = new ArrayList<>();
        List<byte[]> alone = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            VideoFrame frame = shifted(scene(WIDTH, HEIGHT), i * 16);
            frames.add(frame);
            alone.add(encoder().encode(frame, 640, 360, 85));
        }
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<byte[]>> together = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                for (VideoFrame frame : frames) {
                    together.add(threads.submit(() -> encoder().encode(frame, 640, 360, 85)));
                }
            }
            for (int i = 0; i < together.size(); i++) {
                assertArrayEquals(alone.get(i % frames.size()), together.get(i).get(), "image " + i);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    /** Dark on the left, light on the right, a red square in the left half; even or odd sides. */
    protected static VideoFrame scene(int width, int height) {
        byte[] yuv = new byte[(int) VideoFrame.i420Size(width, height)];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                yuv[y * width + x] = (byte) (x < width / 2 ? 50 : 200);
            }
        }
        int chromaWidth = (width + 1) / 2;
        int chromaHeight = (height + 1) / 2;
        int chroma = chromaWidth * chromaHeight;
        for (int y = 0; y < chromaHeight; y++) {
            for (int x = 0; x < chromaWidth; x++) {
                boolean red = x * 2 >= width * 3 / 16 && x * 2 < width * 5 / 16
                        && y * 2 >= height * 7 / 18 && y * 2 < height * 11 / 18;
                yuv[width * height + y * chromaWidth + x] = (byte) (red ? 90 : 128);
                yuv[width * height + chroma + y * chromaWidth + x] = (byte) (red ? 240 : 128);
            }
        }
        return VideoFrame.i420(3, 100_000, width, height, yuv);
    }

    /** The frame with its brightness moved {@code by} pixels to the right: another picture, same size. */
    private static VideoFrame shifted(VideoFrame frame, int by) {
        byte[] yuv = frame.pixels().clone();
        int width = frame.width();
        for (int y = 0; y < frame.height(); y++) {
            System.arraycopy(frame.pixels(), y * width, yuv, y * width + by, width - by);
        }
        return VideoFrame.i420(frame.index(), frame.timestampMicros(), width, frame.height(), yuv);
    }

    /** The frame's colours shrunk by exact area averaging, as the reference the encoders must look like. */
    private static BufferedImage shrunk(VideoFrame frame, int width, int height) {
        byte[] bgr = frame.bgr();
        double sx = (double) frame.width() / width;
        double sy = (double) frame.height() / height;
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double[] sum = new double[3];
                double area = 0;
                for (int v = (int) (y * sy); v < Math.min(frame.height(), Math.ceil((y + 1) * sy)); v++) {
                    double wy = Math.min(v + 1, (y + 1) * sy) - Math.max(v, y * sy);
                    for (int u = (int) (x * sx); u < Math.min(frame.width(), Math.ceil((x + 1) * sx)); u++) {
                        double w = wy * (Math.min(u + 1, (x + 1) * sx) - Math.max(u, x * sx));
                        int at = (v * frame.width() + u) * 3;
                        for (int c = 0; c < 3; c++) {
                            sum[c] += w * (bgr[at + c] & 0xff);
                        }
                        area += w;
                    }
                }
                int b = (int) Math.round(sum[0] / area);
                int g = (int) Math.round(sum[1] / area);
                int r = (int) Math.round(sum[2] / area);
                out.setRGB(x, y, r << 16 | g << 8 | b);
            }
        }
        return out;
    }

    private static BufferedImage decode(byte[] jpeg) {
        assertTrue(jpeg.length > 4 && (jpeg[0] & 0xff) == 0xff && (jpeg[1] & 0xff) == 0xd8, "a JPEG's first bytes");
        try {
            return ImageIO.read(new ByteArrayInputStream(jpeg));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every pixel's channels compared: their mean difference is at most {@code mean}. */
    private static void assertLooksLike(BufferedImage expected, BufferedImage actual, double mean) {
        assertEquals(expected.getWidth(), actual.getWidth());
        assertEquals(expected.getHeight(), actual.getHeight());
        long difference = 0;
        for (int y = 0; y < expected.getHeight(); y++) {
            for (int x = 0; x < expected.getWidth(); x++) {
                for (int shift = 0; shift <= 16; shift += 8) {
                    difference += Math.abs(((expected.getRGB(x, y) >> shift) & 0xff)
                            - ((actual.getRGB(x, y) >> shift) & 0xff));
                }
            }
        }
        double measured = difference / (3.0 * expected.getWidth() * expected.getHeight());
        assertTrue(measured <= mean, "the pictures differ by " + measured + " a channel on average");
    }

    private static void assertClose(int expected, int actual, String what) {
        assertTrue(Math.abs(expected - actual) <= 4, what + ": expected about " + expected + ", got " + actual);
    }
}
