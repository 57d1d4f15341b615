package dev.mlpipeline.sagemaker;

import dev.mlpipeline.core.port.VideoFrame;
import java.util.Random;

/** Frames for the adapter's tests. */
final class TestFrames {
    private TestFrames() {
    }

    static VideoFrame solid(int width, int height, int blue, int green, int red) {
        byte[] bgr = new byte[width * height * 3];
        for (int i = 0; i < bgr.length; i += 3) {
            bgr[i] = (byte) blue;
            bgr[i + 1] = (byte) green;
            bgr[i + 2] = (byte) red;
        }
        return new VideoFrame(0, 0, width, height, bgr);
    }

    static VideoFrame grey(int width, int height) {
        return solid(width, height, 128, 128, 128);
    }

    /** Random pixels, which JPEG cannot compress: the largest body a frame of this size can make. */
    static VideoFrame noise(int width, int height) {
        byte[] bgr = new byte[width * height * 3];
        new Random(42).nextBytes(bgr);
        return new VideoFrame(0, 0, width, height, bgr);
    }
}
