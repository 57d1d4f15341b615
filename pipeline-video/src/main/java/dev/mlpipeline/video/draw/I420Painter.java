package dev.mlpipeline.video.draw;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2YUV_I420;
import static org.bytedeco.opencv.global.opencv_imgproc.FILLED;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_8;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.rectangle;

import dev.mlpipeline.core.domain.Detection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;

/**
 * Draws detections as {@link DetectionPainter} does, straight onto an I420 picture, so that a frame that
 * goes from decoder to encoder is never converted to BGR and back whole. A box's edges are solid
 * strips written into the three planes (chroma at half resolution, so a line's colour may bleed one
 * pixel); a label, with its anti-aliased white text, is drawn once on a small BGR patch, filled to even
 * pixel bounds so that it covers what is under it, converted to I420 and kept: a label that stays the
 * same from frame to frame (a track between samples) is then a copy. One per writer; not thread-safe.
 */
public final class I420Painter implements AutoCloseable {
    // a few frames' worth of labels: more than a scene shows at once, few enough to stay small
    private static final int KEPT_LABELS = 64;

    /** What a rendered label depends on, all of it. */
    private record LabelKey(String text, int blue, int green, int red, int labelX, int labelY, int labelWidth,
            int labelHeight, int textX, int textY, int patchWidth, int patchHeight) {
    }

    private final Map<LabelKey, Mat> labels = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<LabelKey, Mat> eldest) {
            if (size() > KEPT_LABELS) {
                eldest.getValue().close();
                return true;
            }
            return false;
        }
    };

    /**
     * Draws onto the I420 picture at {@code pixels} in place ({@code width * height} bytes of Y, then U
     * and V of a quarter each); both sides must be even.
     */
    public void draw(BytePointer pixels, int width, int height, List<Detection> detections) {
        if (width % 2 != 0 || height % 2 != 0) {
            throw new IllegalArgumentException("I420 drawing needs even sides, got " + width + "x" + height);
        }
        if (detections.isEmpty()) {
            return;
        }
        long lumaSize = (long) width * height;
        // the planes are views into the caller's memory through pointers that do not own it: a copy of
        // the caller's pointer would free the memory when closed
        try (Mat yPlane = new Mat(height, width, CV_8UC1, pixels);
                Mat uPlane = new Mat(height / 2, width / 2, CV_8UC1, yPlane.data().position(lumaSize));
                Mat vPlane = new Mat(height / 2, width / 2, CV_8UC1, yPlane.data().position(lumaSize * 5 / 4))) {
            Mat[] planes = {yPlane, uPlane, vPlane};
            for (Detection detection : detections) {
                DetectionPainter.Placed placed = DetectionPainter.Placed.of(detection, width, height);
                if (placed != null) {
                    drawBox(planes, placed);
                    drawLabel(planes, placed);
                }
            }
        }
    }

    private static void drawBox(Mat[] planes, DetectionPainter.Placed box) {
        int[] yuv = yuvOf(box.bgr());
        int half = DetectionPainter.BOX_THICKNESS / 2;
        int left = box.x1() - half;
        int right = box.x2() + half;
        int top = box.y1() - half;
        int bottom = box.y2() + half;
        // the four edges as inclusive pixel ranges, as OpenCV's 3 px rectangle covers them
        int[][] strips = {
            {left, top, right, box.y1() + half},
            {left, box.y2() - half, right, bottom},
            {left, top, box.x1() + half, bottom},
            {box.x2() - half, top, right, bottom},
        };
        for (int[] strip : strips) {
            fill(planes[0], strip[0], strip[1], strip[2], strip[3], yuv[0]);
            for (int c = 1; c < 3; c++) {
                fill(planes[c], strip[0] / 2, strip[1] / 2, strip[2] / 2, strip[3] / 2, yuv[c]);
            }
        }
    }

    private static void fill(Mat plane, int x0, int y0, int x1, int y1, int value) {
        try (Rect area = new Rect(x0, y0, x1 - x0 + 1, y1 - y0 + 1); Scalar colour = new Scalar(value)) {
            rectangle(plane, area, colour, FILLED, LINE_8, 0);
        }
    }

    /** The label's area, widened to even pixels and filled with its colour, as I420: kept, or drawn now. */
    private void drawLabel(Mat[] planes, DetectionPainter.Placed placed) {
        DetectionPainter.Label label = placed.label();
        int width = planes[0].cols();
        int height = planes[0].rows();
        int x0 = label.left() & ~1;
        int y0 = label.top() & ~1;
        int x1 = Math.min(width, (label.left() + label.width() + 2) & ~1);
        int y1 = Math.min(height, (label.top() + label.height() + 2) & ~1);
        if (x1 <= x0 || y1 <= y0) {
            return;
        }
        int[] bgr = placed.bgr();
        LabelKey key = new LabelKey(label.text(), bgr[0], bgr[1], bgr[2], label.left() - x0, label.top() - y0,
                label.width(), label.height(), label.textX() - x0, label.textY() - y0, x1 - x0, y1 - y0);
        Mat patch = labels.get(key);
        if (patch == null) {
            patch = render(label, bgr, x0, y0, x1 - x0, y1 - y0);
            labels.put(key, patch);
        }
        copyPlanes(planes, patch, x0, y0, x1 - x0, y1 - y0, false);
    }

    private static Mat render(DetectionPainter.Label label, int[] bgr, int x0, int y0, int patchWidth,
            int patchHeight) {
        Mat patch = new Mat(patchHeight * 3 / 2, patchWidth, CV_8UC1);
        try (Scalar colour = new Scalar(bgr[0], bgr[1], bgr[2], 0);
                Mat drawn = new Mat(patchHeight, patchWidth, CV_8UC3, colour)) {
            DetectionPainter.drawLabel(drawn, label, x0, y0, colour);
            cvtColor(drawn, patch, COLOR_BGR2YUV_I420);
        }
        return patch;
    }

    @Override
    public void close() {
        labels.values().forEach(Mat::close);
        labels.clear();
    }

    /** Between the picture's planes and a patch laid out as I420 of its own size, either way. */
    private static void copyPlanes(Mat[] planes, Mat patch, int x0, int y0, int patchWidth, int patchHeight,
            boolean intoPatch) {
        long lumaSize = (long) patchWidth * patchHeight;
        long[] offsets = {0, lumaSize, lumaSize * 5 / 4};
        for (int p = 0; p < 3; p++) {
            int shift = p == 0 ? 0 : 1;
            int w = patchWidth >> shift;
            int h = patchHeight >> shift;
            try (Mat inPatch = new Mat(h, w, CV_8UC1, patch.data().position(offsets[p]));
                    Rect area = new Rect(x0 >> shift, y0 >> shift, w, h);
                    Mat inPicture = new Mat(planes[p], area)) {
                if (intoPatch) {
                    inPicture.copyTo(inPatch);
                } else {
                    inPatch.copyTo(inPicture);
                }
            }
        }
    }

    /** ITU-R BT.601, limited range: the colour the encoder would have made of the BGR one. */
    static int[] yuvOf(int[] bgr) {
        double b = bgr[0];
        double g = bgr[1];
        double r = bgr[2];
        double y = 16 + (65.481 * r + 128.553 * g + 24.966 * b) / 255;
        double u = 128 + (-37.797 * r - 74.203 * g + 112.0 * b) / 255;
        double v = 128 + (112.0 * r - 93.786 * g - 18.214 * b) / 255;
        return new int[] {(int) Math.round(y), (int) Math.round(u), (int) Math.round(v)};
    }
}
