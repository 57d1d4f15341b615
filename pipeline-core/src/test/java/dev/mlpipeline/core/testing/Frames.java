package dev.mlpipeline.core.testing;

import dev.mlpipeline.core.port.VideoFrame;
import dev.mlpipeline.core.port.VideoInfo;
import java.util.List;
import java.util.stream.LongStream;

/** Small frames for pipeline tests: 4x2 pixels, 30 fps timestamps. */
public final class Frames {
    public static final int WIDTH = 4;
    public static final int HEIGHT = 2;

    private Frames() {
    }

    public static VideoFrame frame(long index) {
        return new VideoFrame(index, index * 1_000_000 / 30, WIDTH, HEIGHT, new byte[WIDTH * HEIGHT * 3]);
    }

    public static List<VideoFrame> frames(int count) {
        return LongStream.range(0, count).mapToObj(Frames::frame).toList();
    }

    public static VideoInfo info(long frameCount) {
        return new VideoInfo(WIDTH, HEIGHT, 30.0, frameCount, frameCount / 30.0, false);
    }
}
