package dev.mlpipeline.video.draw;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mlpipeline.core.domain.BoundingBox;
import dev.mlpipeline.core.domain.Detection;
import dev.mlpipeline.core.port.VideoFrame;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The painter keeps rendered labels: what it draws from its cache must be what it would draw afresh. */
class I420PainterTest {
    private static final int WIDTH = 320;
    private static final int HEIGHT = 240;
    // odd corners, so that the label's area is widened to even pixels
    private static final List<Detection> CAR = List.of(new Detection("car", 0.87, new BoundingBox(81, 101, 241, 201), 7));

    @Test
    void aKeptLabelIsDrawnExactlyAsAFreshOneOnWhateverIsUnderIt() {
        I420Painter warm = new I420Painter();
        byte[] dark = paint(warm, 16);
        byte[] light = paint(warm, 200); // from the kept label
        byte[] lightFresh = paint(new I420Painter(), 200);

        assertArrayEquals(lightFresh, light, "the kept label matches a fresh rendering");
        assertFalse(Arrays.equals(dark, light), "the frames differ outside the drawing");
    }

    @Test
    void aBoxEdgeTakesItsColourInEveryPlaneAndABoxPastTheFrameIsClipped() {
        byte[] yuv = new byte[(int) VideoFrame.i420Size(WIDTH, HEIGHT)];
        Detection everywhere = new Detection("car", 0.5, new BoundingBox(-50, -50, WIDTH + 50, HEIGHT + 50));
        new I420Painter().draw(ByteBuffer.wrap(yuv), WIDTH, HEIGHT, List.of(everywhere));

        int[] expected = I420Painter.yuvOf(ClassColours.bgrOf("car"));
        int chroma = WIDTH * HEIGHT;
        // the bottom right corner: the box is clamped inside the frame, its line reaches the last pixel
        assertEquals(expected[0], yuv[chroma - 1] & 0xff, "luma");
        assertEquals(expected[1], yuv[chroma + chroma / 4 - 1] & 0xff, "U");
        assertEquals(expected[2], yuv[yuv.length - 1] & 0xff, "V");
        assertEquals(0, yuv[chroma / 2 + WIDTH / 2] & 0xff, "the middle of the frame is left alone");
    }

    @Test
    void aBufferTooSmallIsRefused() {
        ByteBuffer pixels = ByteBuffer.allocate(WIDTH * HEIGHT);
        assertThrows(IllegalArgumentException.class, () -> new I420Painter().draw(pixels, WIDTH, HEIGHT, CAR));
    }

    @Test
    void oddSidesAreRefused() {
        ByteBuffer pixels = ByteBuffer.allocate((int) VideoFrame.i420Size(WIDTH + 1, HEIGHT));
        assertThrows(IllegalArgumentException.class, () -> new I420Painter().draw(pixels, WIDTH + 1, HEIGHT, CAR));
    }

    /** A flat grey frame of luma {@code y}, with the car drawn on it. */
    private static byte[] paint(I420Painter painter, int y) {
        byte[] yuv = new byte[(int) VideoFrame.i420Size(WIDTH, HEIGHT)];
        Arrays.fill(yuv, 0, WIDTH * HEIGHT, (byte) y);
        Arrays.fill(yuv, WIDTH * HEIGHT, yuv.length, (byte) 128);
        painter.draw(ByteBuffer.wrap(yuv), WIDTH, HEIGHT, CAR);
        return yuv;
    }
}
