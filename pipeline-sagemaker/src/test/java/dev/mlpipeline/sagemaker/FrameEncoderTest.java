package dev.mlpipeline.sagemaker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlpipeline.core.port.VideoFrame;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The model's JPEG: shrunk to the model's input, the same whether the frame came as I420 or BGR. */
class FrameEncoderTest {
    private static final int WIDTH = 1280;
    private static final int HEIGHT = 720;

    /** Dark on the left, light on the right, a red square in the middle of the left half. */
    private static VideoFrame i420() {
        byte[] yuv = new byte[(int) VideoFrame.i420Size(WIDTH, HEIGHT)];
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                yuv[y * WIDTH + x] = (byte) (x < WIDTH / 2 ? 50 : 200);
            }
        }
        int chroma = WIDTH / 2 * (HEIGHT / 2);
        for (int y = 0; y < HEIGHT / 2; y++) {
            for (int x = 0; x < WIDTH / 2; x++) {
                boolean red = x >= 120 && x < 200 && y >= 140 && y < 220;
                yuv[WIDTH * HEIGHT + y * WIDTH / 2 + x] = (byte) (red ? 90 : 128);
                yuv[WIDTH * HEIGHT + chroma + y * WIDTH / 2 + x] = (byte) (red ? 240 : 128);
            }
        }
        return VideoFrame.i420(3, 100_000, WIDTH, HEIGHT, yuv);
    }

    @Test
    void anI420FrameIsShrunkPlaneByPlaneToTheModelsSizeAndLooksAsItsBgrWould() throws IOException {
        VideoFrame planar = i420();
        VideoFrame packed = new VideoFrame(3, 100_000, WIDTH, HEIGHT, planar.bgr());
        FrameEncoder encoder = new FrameEncoder(640, 95);

        FrameEncoder.Encoded fromPlanes = encoder.encode(planar);
        FrameEncoder.Encoded fromBgr = encoder.encode(packed);

        assertEquals(640, fromPlanes.width());
        assertEquals(360, fromPlanes.height());
        BufferedImage a = ImageIO.read(new ByteArrayInputStream(fromPlanes.jpeg()));
        BufferedImage b = ImageIO.read(new ByteArrayInputStream(fromBgr.jpeg()));
        assertEquals(640, a.getWidth());
        assertEquals(360, a.getHeight());
        // BT.601 limited range: Y 50 is grey 40, Y 200 is grey 214
        assertClose(0x28, a.getRGB(60, 40) & 0xff, "dark");
        assertClose(0xd6, a.getRGB(500, 300) & 0xff, "light");
        int red = a.getRGB(160, 180);
        assertTrue(((red >> 16) & 0xff) > ((red >> 8) & 0xff) + 60, "the square is red: " + Integer.toHexString(red));
        long difference = 0;
        for (int y = 0; y < 360; y += 7) {
            for (int x = 0; x < 640; x += 7) {
                for (int shift = 0; shift <= 16; shift += 8) {
                    difference += Math.abs(((a.getRGB(x, y) >> shift) & 0xff) - ((b.getRGB(x, y) >> shift) & 0xff));
                }
            }
        }
        double mean = difference / (3.0 * (360 / 7 + 1) * (640 / 7 + 1));
        assertTrue(mean < 2.0, "the two ways differ by " + mean + " a channel on average");
    }

    @Test
    void aFrameWithinTheModelsSizeIsSentAsItIs() {
        FrameEncoder.Encoded encoded = new FrameEncoder(2000, 90).encode(i420());

        assertEquals(WIDTH, encoded.width());
        assertEquals(HEIGHT, encoded.height());
    }

    private static void assertClose(int expected, int actual, String what) {
        assertTrue(Math.abs(expected - actual) <= 4, what + ": expected about " + expected + ", got " + actual);
    }
}
