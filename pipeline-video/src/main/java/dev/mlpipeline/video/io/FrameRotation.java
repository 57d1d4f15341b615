package dev.mlpipeline.video.io;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.ROTATE_180;
import static org.bytedeco.opencv.global.opencv_core.ROTATE_90_CLOCKWISE;
import static org.bytedeco.opencv.global.opencv_core.ROTATE_90_COUNTERCLOCKWISE;
import static org.bytedeco.opencv.global.opencv_core.rotate;

import dev.mlpipeline.core.port.VideoFrame;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Turns decoded frames upright. Phones store frames as the sensor saw them and put the turn into a
 * display matrix; FFmpeg's decoder ignores that matrix, so without this a portrait clip would be
 * analysed and re-encoded lying on its side.
 */
enum FrameRotation {
    NONE(-1),
    // a display matrix of +90 (counter-clockwise) degrees: ffmpeg's autorotate does exactly this turn
    COUNTERCLOCKWISE_90(ROTATE_90_COUNTERCLOCKWISE),
    HALF_TURN(ROTATE_180),
    CLOCKWISE_90(ROTATE_90_CLOCKWISE);

    private final int openCvCode;

    FrameRotation(int openCvCode) {
        this.openCvCode = openCvCode;
    }

    /** From FFmpeg's display rotation in counter-clockwise degrees; odd angles snap to the nearest quarter turn. */
    static FrameRotation fromDisplayRotation(double degreesCounterClockwise) {
        if (!Double.isFinite(degreesCounterClockwise)) {
            return NONE;
        }
        int quarterTurns = (int) Math.floorMod(Math.round(degreesCounterClockwise / 90.0), 4L);
        return values()[quarterTurns];
    }

    boolean swapsSides() {
        return this == COUNTERCLOCKWISE_90 || this == CLOCKWISE_90;
    }

    VideoFrame apply(VideoFrame frame) {
        if (this == NONE) {
            return frame;
        }
        if (frame.layout() == VideoFrame.Layout.I420) {
            return applyToPlanes(frame);
        }
        try (Mat stored = BgrMats.toMat(frame); Mat upright = new Mat()) {
            rotate(stored, upright, openCvCode);
            return new VideoFrame(frame.index(), frame.timestampMicros(), upright.cols(), upright.rows(),
                    BgrMats.toBytes(upright));
        }
    }

    /** Each plane turns on its own: a quarter turn of the chroma planes is a quarter turn of the picture. */
    private VideoFrame applyToPlanes(VideoFrame frame) {
        int width = frame.width();
        int height = frame.height();
        byte[] stored = frame.pixels();
        byte[] turned = new byte[stored.length];
        int offset = turn(stored, turned, 0, width, height);
        offset = turn(stored, turned, offset, (width + 1) / 2, (height + 1) / 2);
        turn(stored, turned, offset, (width + 1) / 2, (height + 1) / 2);
        int uprightWidth = swapsSides() ? height : width;
        int uprightHeight = swapsSides() ? width : height;
        return VideoFrame.i420(frame.index(), frame.timestampMicros(), uprightWidth, uprightHeight, turned);
    }

    private int turn(byte[] from, byte[] to, int offset, int width, int height) {
        int size = width * height;
        try (Mat plane = new Mat(height, width, CV_8UC1); Mat upright = new Mat()) {
            plane.data().put(from, offset, size);
            rotate(plane, upright, openCvCode);
            upright.data().get(to, offset, size);
        }
        return offset + size;
    }
}
