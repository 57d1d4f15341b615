package dev.mlpipeline.video.draw;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mlpipeline.core.domain.BoundingBox;
import dev.mlpipeline.core.domain.Detection;
import dev.mlpipeline.core.port.VideoFrame;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.junit.jupiter.api.Test;

/** The painter keeps rendered labels: what it draws from its cache must be what it would draw afresh. */
class I420PainterTest {
    private static final int WIDTH = 320;
    private static final int HEIGHT = 240;
    // odd corners, so that the label's area is widened to even pixels
    private static final List<Detection> CAR = List.of(new Detection("car", 0.87, new BoundingBox(81, 101, 241, 201), 7));

    @Test
    void aKeptLabelIsDrawnExactlyAsAFreshOneOnWhateverIsUnderIt() {
        try (I420Painter warm = new I420Painter(); I420Painter fresh = new I420Painter()) {
            byte[] dark = paint(warm, 16);
            byte[] light = paint(warm, 200); // from the kept label
            byte[] lightFresh = paint(fresh, 200);

            assertArrayEquals(lightFresh, light, "the kept label matches a fresh rendering");
            assertFalse(Arrays.equals(dark, light), "the frames differ outside the drawing");
        }
    }

    @Test
    void oddSidesAreRefused() {
        try (I420Painter painter = new I420Painter(); BytePointer pixels = new BytePointer(
                VideoFrame.i420Size(WIDTH + 1, HEIGHT))) {
            assertThrows(IllegalArgumentException.class, () -> painter.draw(pixels, WIDTH + 1, HEIGHT, CAR));
        }
    }

    /** A flat grey frame of luma {@code y}, with the car drawn on it. */
    private static byte[] paint(I420Painter painter, int y) {
        byte[] yuv = new byte[(int) VideoFrame.i420Size(WIDTH, HEIGHT)];
        Arrays.fill(yuv, 0, WIDTH * HEIGHT, (byte) y);
        Arrays.fill(yuv, WIDTH * HEIGHT, yuv.length, (byte) 128);
        try (BytePointer pixels = new BytePointer(yuv.length)) {
            pixels.put(yuv);
            painter.draw(pixels, WIDTH, HEIGHT, CAR);
            pixels.get(yuv);
        }
        return yuv;
    }
}
