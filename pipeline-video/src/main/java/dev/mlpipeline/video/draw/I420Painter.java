package dev.mlpipeline.video.draw;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2YUV_I420;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import dev.mlpipeline.core.domain.Detection;
import dev.mlpipeline.core.port.VideoFrame;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;

/**
 * Draws detections as {@link DetectionPainter} does, straight onto an I420 picture, so that a frame that
 * goes from decoder to encoder is never converted to BGR and back whole. A box's edges are solid
 * strips written into the three planes (chroma at half resolution, so a line's colour may bleed one
 * pixel); a label, with its anti-aliased white text, is drawn once on a small BGR patch, filled to even
 * pixel bounds so that it covers what is under it,
 * converted to I420 and kept (in Java memory: nothing to close): a label that stays the
 * same from frame to frame (a track between samples) is then a copy. One per writer; not thread-safe.
 */
public final class I420Painter {
    // a few frames' worth of labels: more than a scene shows at once, few enough to stay small
    private static final int KEPT_LABELS = 64;

    /** What a rendered label depends on, all of it. */
    private record LabelKey(String text, int blue, int green, int red, int labelX, int labelY, int labelWidth,
            int labelHeight, int textX, int textY, int patchWidth, int patchHeight) {
    }

    private final Map<LabelKey, byte[]> labels = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<LabelKey, byte[]> eldest) {
            return size() > KEPT_LABELS;
        }
    };

    /**
     * Draws onto the I420 picture in {@code pixels} in place, from index 0 whatever its position
     * ({@code width * height} bytes of Y, then U and V of a quarter each); both sides must be even.
     * Plain writes into the buffer: no native object per box, which cost more than the drawing.
     */
    public void draw(ByteBuffer pixels, int width, int height, List<Detection> detections) {
        if (width % 2 != 0 || height % 2 != 0) {
            throw new IllegalArgumentException("I420 drawing needs even sides, got " + width + "x" + height);
        }
        if (pixels.capacity() < VideoFrame.i420Size(width, height)) {
            throw new IllegalArgumentException("a " + width + "x" + height + " I420 picture needs "
                    + VideoFrame.i420Size(width, height) + " bytes, got " + pixels.capacity());
        }
        Planes planes = new Planes(pixels, width, height);
        for (Detection detection : detections) {
            DetectionPainter.Placed placed = DetectionPainter.Placed.of(detection, width, height);
            if (placed != null) {
                drawBox(planes, placed);
                drawLabel(planes, placed);
            }
        }
    }

    /** The three planes of a picture: where each starts, and its sides. */
    private record Planes(ByteBuffer pixels, int width, int height) {
        int offset(int plane) {
            int luma = width * height;
            return plane == 0 ? 0 : plane == 1 ? luma : luma + luma / 4;
        }

        int width(int plane) {
            return plane == 0 ? width : width / 2;
        }

        int height(int plane) {
            return plane == 0 ? height : height / 2;
        }
    }

    private static void drawBox(Planes planes, DetectionPainter.Placed box) {
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
            fill(planes, 0, strip[0], strip[1], strip[2], strip[3], yuv[0]);
            for (int c = 1; c < 3; c++) {
                fill(planes, c, strip[0] / 2, strip[1] / 2, strip[2] / 2, strip[3] / 2, yuv[c]);
            }
        }
    }

    /** An inclusive rectangle of one plane, clipped to it, set to {@code value}. */
    private static void fill(Planes planes, int plane, int x0, int y0, int x1, int y1, int value) {
        int stride = planes.width(plane);
        int fromX = Math.max(0, x0);
        int toX = Math.min(stride - 1, x1);
        int fromY = Math.max(0, y0);
        int toY = Math.min(planes.height(plane) - 1, y1);
        ByteBuffer pixels = planes.pixels();
        byte colour = (byte) value;
        for (int y = fromY; y <= toY; y++) {
            int row = planes.offset(plane) + y * stride;
            for (int x = fromX; x <= toX; x++) {
                pixels.put(row + x, colour);
            }
        }
    }

    /** The label's area, widened to even pixels and filled with its colour, as I420: kept, or drawn now. */
    private void drawLabel(Planes planes, DetectionPainter.Placed placed) {
        DetectionPainter.Label label = placed.label();
        int x0 = label.left() & ~1;
        int y0 = label.top() & ~1;
        int x1 = Math.min(planes.width(), (label.left() + label.width() + 2) & ~1);
        int y1 = Math.min(planes.height(), (label.top() + label.height() + 2) & ~1);
        if (x1 <= x0 || y1 <= y0) {
            return;
        }
        int[] bgr = placed.bgr();
        LabelKey key = new LabelKey(label.text(), bgr[0], bgr[1], bgr[2], label.left() - x0, label.top() - y0,
                label.width(), label.height(), label.textX() - x0, label.textY() - y0, x1 - x0, y1 - y0);
        byte[] patch = labels.computeIfAbsent(key, k -> render(label, bgr, x0, y0, x1 - x0, y1 - y0));
        copyPatch(planes, patch, x0, y0, x1 - x0, y1 - y0);
    }

    private static byte[] render(DetectionPainter.Label label, int[] bgr, int x0, int y0, int patchWidth,
            int patchHeight) {
        try (Scalar colour = new Scalar(bgr[0], bgr[1], bgr[2], 0);
                Mat drawn = new Mat(patchHeight, patchWidth, CV_8UC3, colour);
                Mat patch = new Mat(patchHeight * 3 / 2, patchWidth, CV_8UC1)) {
            DetectionPainter.drawLabel(drawn, label, x0, y0, colour);
            cvtColor(drawn, patch, COLOR_BGR2YUV_I420);
            byte[] yuv = new byte[patchWidth * patchHeight * 3 / 2];
            patch.data().get(yuv);
            return yuv;
        }
    }

    /** A patch laid out as I420 of its own (even) size into the picture's planes at an even corner. */
    private static void copyPatch(Planes planes, byte[] patch, int x0, int y0, int patchWidth, int patchHeight) {
        int from = 0;
        for (int plane = 0; plane < 3; plane++) {
            int shift = plane == 0 ? 0 : 1;
            int w = patchWidth >> shift;
            int h = patchHeight >> shift;
            int stride = planes.width(plane);
            int at = planes.offset(plane) + (y0 >> shift) * stride + (x0 >> shift);
            for (int row = 0; row < h; row++, from += w, at += stride) {
                planes.pixels().put(at, patch, from, w);
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
