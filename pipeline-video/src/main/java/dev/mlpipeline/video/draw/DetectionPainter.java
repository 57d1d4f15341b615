package dev.mlpipeline.video.draw;

import static org.bytedeco.opencv.global.opencv_imgproc.FILLED;
import static org.bytedeco.opencv.global.opencv_imgproc.FONT_HERSHEY_SIMPLEX;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_8;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_AA;
import static org.bytedeco.opencv.global.opencv_imgproc.getTextSize;
import static org.bytedeco.opencv.global.opencv_imgproc.putText;
import static org.bytedeco.opencv.global.opencv_imgproc.rectangle;

import dev.mlpipeline.core.domain.BoundingBox;
import dev.mlpipeline.core.domain.Detection;
import java.util.List;
import java.util.Locale;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Draws detections the way the origin service did: a 3 px box in the class colour (the category's, when
 * several models run) and, above it, a filled label in the same colour with white text
 * {@code "<class>: <confidence, 2 decimals>"}.
 * Every native object is closed right away: unclosed Points and Scalars leak native memory per frame.
 */
public final class DetectionPainter {
    static final int BOX_THICKNESS = 3;
    private static final double FONT_SCALE = 0.5;
    private static final int FONT_THICKNESS = 1;
    private static final int LABEL_PADDING = 3;

    private DetectionPainter() {
    }

    /** Draws every detection onto {@code frame} in place, in list order, so later boxes cover earlier ones. */
    public static void draw(Mat frame, List<Detection> detections) {
        for (Detection detection : detections) {
            draw(frame, detection);
        }
    }

    static String label(Detection detection) {
        // Locale.ROOT: a German server must still write 0.87, not 0,87
        String track = detection.trackId() == null ? "" : " #" + detection.trackId();
        return detection.className() + track + ": " + String.format(Locale.ROOT, "%.2f", detection.confidence());
    }

    private static void draw(Mat frame, Detection detection) {
        Placed placed = Placed.of(detection, frame.cols(), frame.rows());
        if (placed == null) {
            return;
        }
        int[] bgr = placed.bgr();
        try (Scalar colour = new Scalar(bgr[0], bgr[1], bgr[2], 0);
                Point topLeft = new Point(placed.x1(), placed.y1());
                Point bottomRight = new Point(placed.x2(), placed.y2())) {
            rectangle(frame, topLeft, bottomRight, colour, BOX_THICKNESS, LINE_8, 0);
            drawLabel(frame, placed.label(), 0, 0, colour);
        }
    }

    /** A detection's box and label in a frame's pixels, and its colour. */
    record Placed(int x1, int y1, int x2, int y2, int[] bgr, Label label) {
        /** Null when the box has nothing to show in a frame of this size. */
        static Placed of(Detection detection, int width, int height) {
            BoundingBox box = detection.box();
            if (!isDrawable(box, width, height)) {
                return null;
            }
            // models report boxes that run past the edges; a 3 px line is centred on its coordinate, so
            // clamping one pixel in from each edge keeps the whole line inside the frame
            int inset = BOX_THICKNESS / 2;
            int x1 = clamp((int) Math.round(Math.min(box.x1(), box.x2())), inset, width - 1 - inset);
            int y1 = clamp((int) Math.round(Math.min(box.y1(), box.y2())), inset, height - 1 - inset);
            int x2 = clamp((int) Math.round(Math.max(box.x1(), box.x2())), inset, width - 1 - inset);
            int y2 = clamp((int) Math.round(Math.max(box.y1(), box.y2())), inset, height - 1 - inset);
            // with several models, a box takes its model's colour, so that each category reads at a glance
            int[] bgr = ClassColours.bgrOf(detection.category() != null ? detection.category() : detection.className());
            return new Placed(x1, y1, x2, y2, bgr, Label.of(DetectionPainter.label(detection), x1, y1, width));
        }
    }

    /** A label's filled box, {@code [left, left + width) x [top, top + height)}, and where its text starts. */
    record Label(String text, int left, int top, int width, int height, int textX, int textY) {
        static Label of(String text, int boxLeft, int boxTop, int frameWidth) {
            int[] baseline = new int[1];
            int textWidth;
            int textHeight;
            try (Size size = getTextSize(text, FONT_HERSHEY_SIMPLEX, FONT_SCALE, FONT_THICKNESS, baseline)) {
                textWidth = size.width();
                textHeight = size.height();
            }
            int labelWidth = textWidth + 2 * LABEL_PADDING;
            int labelHeight = textHeight + baseline[0] + 2 * LABEL_PADDING;
            // above the box, or just inside it when the box touches the top of the frame
            int top = boxTop - labelHeight >= 0 ? boxTop - labelHeight : boxTop;
            int left = Math.max(0, Math.min(boxLeft, frameWidth - labelWidth));
            return new Label(text, left, top, labelWidth, labelHeight, left + LABEL_PADDING,
                    top + LABEL_PADDING + textHeight);
        }
    }

    /** Draws the label onto {@code target}, whose pixel (0, 0) is the frame's {@code (originX, originY)}. */
    static void drawLabel(Mat target, Label label, int originX, int originY, Scalar colour) {
        int left = label.left() - originX;
        int top = label.top() - originY;
        try (Point labelTopLeft = new Point(left, top);
                Point labelBottomRight = new Point(left + label.width(), top + label.height());
                Point textOrigin = new Point(label.textX() - originX, label.textY() - originY);
                Scalar white = new Scalar(255, 255, 255, 0)) {
            rectangle(target, labelTopLeft, labelBottomRight, colour, FILLED, LINE_8, 0);
            putText(target, label.text(), textOrigin, FONT_HERSHEY_SIMPLEX, FONT_SCALE, white, FONT_THICKNESS,
                    LINE_AA, false);
        }
    }

    /** Boxes wholly outside the frame, or with non-finite corners, have nothing to show. */
    private static boolean isDrawable(BoundingBox box, int width, int height) {
        double left = Math.min(box.x1(), box.x2());
        double right = Math.max(box.x1(), box.x2());
        double top = Math.min(box.y1(), box.y2());
        double bottom = Math.max(box.y1(), box.y2());
        return Double.isFinite(left) && Double.isFinite(right) && Double.isFinite(top) && Double.isFinite(bottom)
                && right >= 0 && bottom >= 0 && left <= width - 1 && top <= height - 1;
    }

    private static int clamp(int value, int min, int max) {
        return max < min ? Math.max(0, value) : Math.max(min, Math.min(max, value));
    }
}
