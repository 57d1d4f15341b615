package dev.mlpipeline.video.io;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_YUV2BGR_I420;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import dev.mlpipeline.core.port.VideoFrame;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Copies between the core's frames and OpenCV matrices. The caller closes every Mat.
 * Stateless, so safe from any thread. Public because the detectors hand frames to OpenCV the same way.
 */
public final class BgrMats {
    private BgrMats() {
    }

    /**
     * A new 8-bit, 3-channel Mat holding the frame's pixels in BGR: copied, or converted by OpenCV from
     * I420 (the same BT.601 limited range as {@link VideoFrame#bgr()}, several times faster).
     */
    public static Mat toMat(VideoFrame frame) {
        Mat mat = new Mat(frame.height(), frame.width(), CV_8UC3);
        if (frame.layout() == VideoFrame.Layout.I420 && frame.width() % 2 == 0 && frame.height() % 2 == 0) {
            // OpenCV takes I420 as one single-channel Mat: the Y rows, then U and V packed in half-rows
            try (Mat planes = new Mat(frame.height() * 3 / 2, frame.width(), CV_8UC1)) {
                planes.data().put(frame.pixels());
                cvtColor(planes, mat, COLOR_YUV2BGR_I420);
            }
        } else {
            mat.data().put(frame.bgr());
        }
        return mat;
    }

    /**
     * A new 8-bit, single-channel Mat of the frame's brightness: an I420 frame's Y plane as it is (no
     * conversion), a BGR frame's by OpenCV's BT.601 weights, the same as the Y plane's within rounding.
     */
    public static Mat toGrey(VideoFrame frame) {
        Mat grey = new Mat(frame.height(), frame.width(), CV_8UC1);
        if (frame.layout() == VideoFrame.Layout.I420) {
            grey.data().put(frame.pixels(), 0, frame.width() * frame.height());
        } else {
            try (Mat bgr = toMat(frame)) {
                cvtColor(bgr, grey, COLOR_BGR2GRAY);
            }
        }
        return grey;
    }

    /** The pixels of an 8-bit, 3-channel Mat as packed BGR rows. */
    public static byte[] toBytes(Mat mat) {
        if (mat.type() != CV_8UC3) {
            throw new IllegalArgumentException("expected an 8-bit BGR Mat, got type " + mat.type());
        }
        byte[] bgr = new byte[mat.rows() * mat.cols() * 3];
        if (mat.isContinuous()) {
            mat.data().get(bgr);
        } else {
            try (Mat copy = mat.clone()) {
                copy.data().get(bgr);
            }
        }
        return bgr;
    }
}
