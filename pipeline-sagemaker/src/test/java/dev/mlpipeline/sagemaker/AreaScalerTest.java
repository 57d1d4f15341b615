package dev.mlpipeline.sagemaker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class AreaScalerTest {

    @Test
    void averagesEachBlockOfPixels() {
        // 2x2 -> 1x1: blue channel 0, 100, 200, 100 averages to 100; green and red likewise
        byte[] bgr = {0, 10, 20, 100, 30, 40, (byte) 200, 50, 60, 100, 70, 80};
        assertArrayEquals(new byte[] {100, 40, 50}, AreaScaler.shrink(bgr, 2, 2, 1, 1));
    }

    @Test
    void weighsPixelsByHowMuchOfEachAnOutputPixelCovers() {
        // 3 pixels -> 2: the middle one is split half and half
        byte[] bgr = {0, 0, 0, 90, 90, 90, (byte) 180, (byte) 180, (byte) 180};
        byte[] out = AreaScaler.shrink(bgr, 3, 1, 2, 1);
        assertEquals(30, out[0] & 0xff); // (0 * 1 + 90 * 0.5) / 1.5
        assertEquals(150, out[3] & 0xff); // (90 * 0.5 + 180 * 1) / 1.5
    }

    @Test
    void keepsAUniformColourExactly() {
        byte[] frame = TestFrames.solid(1920, 1080, 12, 200, 255).bgr();
        byte[] out = AreaScaler.shrink(frame, 1920, 1080, 641, 361);
        for (int i = 0; i < out.length; i += 3) {
            assertEquals(12, out[i] & 0xff);
            assertEquals(200, out[i + 1] & 0xff);
            assertEquals(255, out[i + 2] & 0xff);
        }
    }

    @Test
    void keepsTheSizeWhenAskedTo() {
        byte[] frame = TestFrames.noise(7, 5).bgr();
        assertArrayEquals(frame, AreaScaler.shrink(frame, 7, 5, 7, 5));
    }

    @Test
    void refusesToEnlarge() {
        assertThrows(IllegalArgumentException.class, () -> AreaScaler.shrink(new byte[12], 2, 2, 3, 3));
    }
}
