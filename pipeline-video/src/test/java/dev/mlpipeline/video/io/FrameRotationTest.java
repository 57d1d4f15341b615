package dev.mlpipeline.video.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mlpipeline.core.port.VideoFrame;
import org.junit.jupiter.api.Test;

class FrameRotationTest {

    @Test
    void mapsDisplayRotationToAQuarterTurn() {
        assertEquals(FrameRotation.NONE, FrameRotation.fromDisplayRotation(0));
        assertEquals(FrameRotation.COUNTERCLOCKWISE_90, FrameRotation.fromDisplayRotation(90));
        assertEquals(FrameRotation.HALF_TURN, FrameRotation.fromDisplayRotation(-180));
        assertEquals(FrameRotation.CLOCKWISE_90, FrameRotation.fromDisplayRotation(-90));
        assertEquals(FrameRotation.CLOCKWISE_90, FrameRotation.fromDisplayRotation(270));
        assertEquals(FrameRotation.COUNTERCLOCKWISE_90, FrameRotation.fromDisplayRotation(89.99));
        assertEquals(FrameRotation.NONE, FrameRotation.fromDisplayRotation(Double.NaN));
    }

    @Test
    void quarterTurnCounterClockwiseMovesTheTopRightPixelToTheTopLeft() {
        // 2 wide, 1 high: A B  ->  B over A
        VideoFrame frame = new VideoFrame(3, 99, 2, 1, new byte[] {1, 1, 1, 2, 2, 2});

        VideoFrame turned = FrameRotation.COUNTERCLOCKWISE_90.apply(frame);

        assertEquals(1, turned.width());
        assertEquals(2, turned.height());
        assertArrayEquals(new byte[] {2, 2, 2, 1, 1, 1}, turned.bgr());
        assertEquals(3, turned.index());
        assertEquals(99, turned.timestampMicros());
    }
}
