package dev.mlpipeline.video.detect;

import static org.bytedeco.opencv.global.opencv_core.CV_32SC2;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;
import static org.bytedeco.opencv.global.opencv_imgproc.FILLED;
import static org.bytedeco.opencv.global.opencv_imgproc.FONT_HERSHEY_PLAIN;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_8;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_AA;
import static org.bytedeco.opencv.global.opencv_imgproc.circle;
import static org.bytedeco.opencv.global.opencv_imgproc.fillConvexPoly;
import static org.bytedeco.opencv.global.opencv_imgproc.line;
import static org.bytedeco.opencv.global.opencv_imgproc.putText;
import static org.bytedeco.opencv.global.opencv_imgproc.rectangle;

import dev.mlpipeline.core.domain.BoundingBox;
import dev.mlpipeline.core.port.VideoFrame;
import dev.mlpipeline.video.io.BgrMats;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;

/** Frames for the detector tests: plain, drawn with OpenCV, or decoded from a test resource. */
final class DetectorTestImages {
    private DetectorTestImages() {
    }

    static VideoFrame plain(int width, int height, int grey) {
        byte[] bgr = new byte[width * height * 3];
        Arrays.fill(bgr, (byte) grey);
        return new VideoFrame(0, 0, width, height, bgr);
    }

    static VideoFrame frameOf(Mat bgr) {
        return new VideoFrame(0, 0, bgr.cols(), bgr.rows(), BgrMats.toBytes(bgr));
    }

    /** A test resource under {@code detectors/}, decoded. */
    static VideoFrame resource(String name) {
        byte[] encoded;
        try (InputStream in = DetectorTestImages.class.getResourceAsStream("/detectors/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource detectors/" + name);
            }
            encoded = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (BytePointer bytes = new BytePointer(encoded); Mat buffer = new Mat(bytes); Mat decoded = imdecode(buffer, IMREAD_COLOR)) {
            return frameOf(decoded);
        }
    }

    /** The resource pasted at (x, y) into a larger plain frame. */
    static VideoFrame pasted(VideoFrame small, int width, int height, int x, int y) {
        byte[] bgr = plain(width, height, 128).bgr();
        for (int row = 0; row < small.height(); row++) {
            System.arraycopy(small.bgr(), row * small.width() * 3, bgr, ((y + row) * width + x) * 3, small.width() * 3);
        }
        return new VideoFrame(0, 0, width, height, bgr);
    }

    /**
     * A dark pedestrian pictogram, {@code height} px tall with its feet centred on (footX, top + height),
     * on a light grey frame. Returns the frame; {@link #figureBox} gives where the figure is.
     */
    static VideoFrame pedestrian(int width, int height, int footX, int top, int figureHeight) {
        try (Mat image = new Mat(height, width, CV_8UC3, new Scalar(200, 200, 200, 0));
             Scalar ink = new Scalar(40, 40, 40, 0)) {
            double u = figureHeight / 8.0; // a head
            try (Point head = new Point(footX, top + (int) (u / 2))) {
                circle(image, head, (int) (u * 0.45), ink, FILLED, LINE_AA, 0);
            }
            quad(image, ink, footX, top, u, -0.9, 1.1, 0.9, 1.1, 0.7, 4.2, -0.7, 4.2); // torso
            quad(image, ink, footX, top, u, -0.9, 1.1, -0.55, 1.3, -0.85, 4.0, -1.25, 3.9); // arms
            quad(image, ink, footX, top, u, 0.9, 1.1, 0.55, 1.3, 0.85, 4.0, 1.25, 3.9);
            quad(image, ink, footX, top, u, -0.7, 4.1, -0.05, 4.1, -0.25, 8, -0.75, 8); // legs
            quad(image, ink, footX, top, u, 0.7, 4.1, 0.05, 4.1, 0.25, 8, 0.75, 8);
            return frameOf(image);
        }
    }

    static BoundingBox figureBox(int footX, int top, int figureHeight) {
        double u = figureHeight / 8.0;
        return new BoundingBox(footX - 1.25 * u, top, footX + 1.25 * u, top + figureHeight);
    }

    /**
     * A white number plate with a black rim, {@code plateWidth} px wide in the 520:112 shape of a
     * Russian plate, with its number and region code, at (x, y) on a dark grey frame.
     */
    static VideoFrame numberPlate(int width, int height, int x, int y, int plateWidth) {
        int plateHeight = plateWidth * 112 / 520;
        try (Mat image = new Mat(height, width, CV_8UC3, new Scalar(70, 60, 60, 0));
             Scalar white = new Scalar(235, 235, 235, 0);
             Scalar black = new Scalar(20, 20, 20, 0);
             Point topLeft = new Point(x, y);
             Point bottomRight = new Point(x + plateWidth, y + plateHeight);
             Point rimTopLeft = new Point(x + 1, y + 1);
             Point rimBottomRight = new Point(x + plateWidth - 1, y + plateHeight - 1);
             Point dividerTop = new Point(x + plateWidth * 76 / 100, y);
             Point dividerBottom = new Point(x + plateWidth * 76 / 100, y + plateHeight);
             Point number = new Point(x + plateWidth / 25, y + plateHeight * 4 / 5);
             Point region = new Point(x + plateWidth * 80 / 100, y + plateHeight * 3 / 5)) {
            rectangle(image, topLeft, bottomRight, white, FILLED, LINE_8, 0);
            rectangle(image, rimTopLeft, rimBottomRight, black, 1, LINE_8, 0);
            line(image, dividerTop, dividerBottom, black, 1, LINE_8, 0);
            double fontScale = 0.5 * plateHeight / 12.0;
            putText(image, "A 123 BC", number, FONT_HERSHEY_PLAIN, fontScale, black, 1, LINE_AA, false);
            putText(image, "77", region, FONT_HERSHEY_PLAIN, fontScale * 0.6, black, 1, LINE_AA, false);
            return frameOf(image);
        }
    }

    static double iou(BoundingBox a, BoundingBox b) {
        double w = Math.min(a.x2(), b.x2()) - Math.max(a.x1(), b.x1());
        double h = Math.min(a.y2(), b.y2()) - Math.max(a.y1(), b.y1());
        double inter = w <= 0 || h <= 0 ? 0 : w * h;
        return inter / (a.width() * a.height() + b.width() * b.height() - inter);
    }

    static boolean contains(BoundingBox box, double x, double y) {
        return x >= box.x1() && x <= box.x2() && y >= box.y1() && y <= box.y2();
    }

    private static void quad(Mat image, Scalar ink, int cx, int top, double u, double... xy) {
        try (Mat corners = new Mat(4, 1, CV_32SC2); IntPointer points = new IntPointer(corners.data())) {
            for (int i = 0; i < 8; i += 2) {
                points.put(i, (int) Math.round(cx + xy[i] * u));
                points.put(i + 1, (int) Math.round(top + xy[i + 1] * u));
            }
            fillConvexPoly(image, corners, ink, LINE_AA, 0);
        }
    }
}
