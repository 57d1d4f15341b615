package dev.mlpipeline.video.io;

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
        try (Mat stored = BgrMats.toMat(frame); Mat upright = new Mat()) {
            rotate(stored, upright, openCvCode);
            return new VideoFrame(frame.index(), frame.timestampMicros(), upright.cols(), upright.rows(),
                    BgrMats.toBytes(upright));
        }
    }
}
