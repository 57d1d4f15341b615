package dev.mlpipeline.core.port;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class VideoFrameTest {
    @Test
    void aBgrFrameHandsBackItsOwnArray() {
        byte[] bgr = new byte[4 * 2 * 3];
        VideoFrame frame = new VideoFrame(7, 233_000, 4, 2, bgr);

        assertSame(bgr, frame.bgr());
        assertSame(bgr, frame.pixels());
        assertEquals(VideoFrame.Layout.BGR24, frame.layout());
    }

    @Test
    void i420ColoursConvertToTheirBgrByBt601LimitedRange() {
        // the BT.601 limited-range codes of pure colours, as encoders write them
        int[][] yuvToBgr = {
            {81, 90, 240, 0, 0, 255}, // red
            {145, 54, 34, 0, 255, 0}, // green
            {41, 240, 110, 255, 0, 0}, // blue
            {235, 128, 128, 255, 255, 255}, // white
            {16, 128, 128, 0, 0, 0}, // black
        };
        for (int[] c : yuvToBgr) {
            byte[] bgr = VideoFrame.i420(0, 0, 2, 2, plain(2, 2, c[0], c[1], c[2])).bgr();
            for (int pixel = 0; pixel < 4; pixel++) {
                for (int channel = 0; channel < 3; channel++) {
                    int got = bgr[pixel * 3 + channel] & 0xff;
                    int want = c[3 + channel];
                    assertTrue(Math.abs(got - want) <= 2, () -> Arrays.toString(c) + " gave " + Arrays.toString(bgr));
                }
            }
        }
    }

    @Test
    void eachPixelTakesTheChromaOfItsTwoByTwoBlockAndOddSidesRoundUp() {
        // 3x3: chroma planes are 2x2; the right column and bottom row have chroma samples of their own
        byte[] yuv = new byte[(int) VideoFrame.i420Size(3, 3)];
        assertEquals(9 + 2 * 4, yuv.length);
        Arrays.fill(yuv, 0, 9, (byte) 126);
        Arrays.fill(yuv, 9, yuv.length, (byte) 128);
        yuv[9 + 3] = (byte) 240; // U of the bottom-right block: pixel (2, 2) alone turns blue

        byte[] bgr = VideoFrame.i420(0, 0, 3, 3, yuv).bgr();

        int bottomRight = (2 * 3 + 2) * 3;
        assertTrue((bgr[bottomRight] & 0xff) > 250 && (bgr[bottomRight + 2] & 0xff) < 130, Arrays.toString(bgr));
        for (int pixel = 0; pixel < 8; pixel++) {
            int at = pixel * 3;
            assertTrue(Math.abs((bgr[at] & 0xff) - (bgr[at + 2] & 0xff)) <= 1, () -> "grey stays grey: "
                    + Arrays.toString(bgr));
        }
    }

    @Test
    void conversionIsDoneOnceAndKept() {
        VideoFrame frame = VideoFrame.i420(0, 0, 2, 2, plain(2, 2, 81, 90, 240));

        assertSame(frame.bgr(), frame.bgr());
        assertArrayEquals(plain(2, 2, 81, 90, 240), frame.pixels());
        assertEquals(VideoFrame.Layout.I420, frame.layout());
    }

    @Test
    void aWrongNumberOfBytesIsRefusedWithTheSizeItNeeds() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> VideoFrame.i420(0, 0, 4, 4, new byte[4 * 4 * 3]));
        assertTrue(e.getMessage().contains("needs 24 bytes"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new VideoFrame(0, 0, 4, 4, new byte[24]));
        assertThrows(IllegalArgumentException.class, () -> VideoFrame.i420(0, 0, 0, 4, new byte[0]));
    }

    private static byte[] plain(int width, int height, int y, int u, int v) {
        byte[] yuv = new byte[(int) VideoFrame.i420Size(width, height)];
        int luma = width * height;
        int chroma = (yuv.length - luma) / 2;
        Arrays.fill(yuv, 0, luma, (byte) y);
        Arrays.fill(yuv, luma, luma + chroma, (byte) u);
        Arrays.fill(yuv, luma + chroma, yuv.length, (byte) v);
        return yuv;
    }
}
