package dev.mlpipeline.sagemaker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mlpipeline.core.port.InferenceException;
import dev.mlpipeline.core.port.JpegEncoder;
import dev.mlpipeline.core.port.VideoFrame;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The model's JPEG: the frame shrunk to the model's input size, by the encoder the client was given. */
class FrameEncoderTest {
    private final List<String> asked = new ArrayList<>();
    private final JpegEncoder recording = (frame, width, height, quality) -> {
        asked.add(width + "x" + height + " q" + quality);
        return new byte[] {(byte) width, (byte) height};
    };

    private static VideoFrame frame(int width, int height) {
        return VideoFrame.i420(3, 100_000, width, height, new byte[(int) VideoFrame.i420Size(width, height)]);
    }

    @Test
    void theLongSideIsShrunkToTheModelsInputSize() {
        FrameEncoder encoder = new FrameEncoder(640, 95, recording);

        FrameEncoder.Encoded landscape = encoder.encode(frame(1280, 720));
        FrameEncoder.Encoded portrait = encoder.encode(frame(1080, 1920));

        assertEquals(List.of("640x360 q95", "360x640 q95"), asked);
        assertEquals(640, landscape.width());
        assertEquals(360, landscape.height());
        assertArrayEquals(new byte[] {(byte) 640, (byte) 360}, landscape.jpeg());
        assertEquals(360, portrait.width());
        assertEquals(640, portrait.height());
    }

    @Test
    void aFrameWithinTheModelsSizeOrWithNoSizeSetIsSentAsItIs() {
        new FrameEncoder(2000, 90, recording).encode(frame(1280, 720));
        new FrameEncoder(0, 90, recording).encode(frame(3840, 2160));

        assertEquals(List.of("1280x720 q90", "3840x2160 q90"), asked);
    }

    @Test
    void anEncoderThatFailsFailsTheFrameWithoutARetry() {
        FrameEncoder encoder = new FrameEncoder(640, 85, (frame, width, height, quality) -> {
            throw new IllegalStateException("no memory");
        });

        InferenceException failure = assertThrows(InferenceException.class, () -> encoder.encode(frame(1280, 720)));

        assertFalse(failure.retryable());
        assertEquals("could not encode the frame as JPEG: no memory", failure.getMessage());
    }
}
