package dev.mlpipeline.video.detect;

import static org.bytedeco.opencv.global.opencv_core.countNonZero;
import static org.bytedeco.opencv.global.opencv_imgproc.CHAIN_APPROX_SIMPLE;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.MORPH_CLOSE;
import static org.bytedeco.opencv.global.opencv_imgproc.MORPH_ELLIPSE;
import static org.bytedeco.opencv.global.opencv_imgproc.MORPH_OPEN;
import static org.bytedeco.opencv.global.opencv_imgproc.RETR_EXTERNAL;
import static org.bytedeco.opencv.global.opencv_imgproc.THRESH_BINARY;
import static org.bytedeco.opencv.global.opencv_imgproc.boundingRect;
import static org.bytedeco.opencv.global.opencv_imgproc.findContours;
import static org.bytedeco.opencv.global.opencv_imgproc.getStructuringElement;
import static org.bytedeco.opencv.global.opencv_imgproc.morphologyEx;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;
import static org.bytedeco.opencv.global.opencv_imgproc.threshold;
import static org.bytedeco.opencv.global.opencv_video.createBackgroundSubtractorMOG2;

import dev.mlpipeline.core.domain.Detection;
import dev.mlpipeline.core.port.InferenceClient;
import dev.mlpipeline.core.port.VideoFrame;
import dev.mlpipeline.video.io.BgrMats;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_video.BackgroundSubtractorMOG2;

/**
 * Finds what moves, by background subtraction (OpenCV's MOG2), and reports each moving region as a
 * {@code moving_object}. It learns the background from the frames it is given, so it keeps state:
 * one frame at a time, in frame order ({@link #maxConcurrency()} is 1, and calls are synchronized).
 *
 * <p>Confidence is the share of the box that is foreground: a solid moving shape scores near 1, a
 * loose scatter of changed pixels (noise, flicker, leaves) scores low and falls under a threshold.
 *
 * <p>Motion is found in the brightness alone (a decoded frame's Y plane, taken as it is, with no colour
 * conversion), shrunk by a whole factor to about {@value #ANALYSIS_WIDTH} pixels wide (area averaging,
 * which also smooths sensor noise), and boxes are scaled back: the smallest region reported is some
 * 30 px wide on a 720p frame, 7 px at that size, and the background model costs a sixteenth of the
 * full frame's, and a third again for one channel instead of three. A change of colour at the same
 * brightness is not motion to it; a moving object on a road changes brightness.
 */
public final class MotionDetector implements InferenceClient {
    static final String CLASS_NAME = "moving_object";
    /** Regions smaller than this share of the frame are noise: about 30x30 px on a 720p frame. */
    public static final double DEFAULT_MIN_AREA_FRACTION = 0.001;

    /** The width, roughly, that frames are shrunk to before the background model sees them. */
    static final int ANALYSIS_WIDTH = 320;
    private static final int HISTORY = 500;
    private static final double VAR_THRESHOLD = 16;
    // MOG2 paints shadows 127 and foreground 255: anything under 200 is not a moving object
    private static final double FOREGROUND = 200;
    /** Specks narrower than this, at the analysis size, are sensor noise. */
    private static final int OPEN_PIXELS = 3;
    /**
     * Gaps narrower than this, at the analysis size, are closed. A solid object's inside does not change
     * as it moves, nor does it where it covers background of its own brightness, so the model sees it
     * as patches with gaps between them; closed, they are one region and one box, where with 3 px one
     * car was reported as half a dozen objects. Two objects 64 px apart on a 720p frame stay two.
     */
    private static final int CLOSE_PIXELS = 7;

    private final double minAreaFraction;
    private final BackgroundSubtractorMOG2 background;
    private final Mat openKernel;
    private final Mat closeKernel;

    public MotionDetector() {
        this(DEFAULT_MIN_AREA_FRACTION);
    }

    /** @param minAreaFraction the smallest region reported, as a share of the frame's area, in [0, 1) */
    public MotionDetector(double minAreaFraction) {
        if (!(minAreaFraction >= 0 && minAreaFraction < 1)) {
            throw new IllegalArgumentException("minAreaFraction must be in [0, 1), got " + minAreaFraction);
        }
        this.minAreaFraction = minAreaFraction;
        this.background = createBackgroundSubtractorMOG2(HISTORY, VAR_THRESHOLD, true);
        // at the analysis size: 3 px there is some 12 px on a 720p frame, 7 px some 28 px
        try (Size open = new Size(OPEN_PIXELS, OPEN_PIXELS); Size close = new Size(CLOSE_PIXELS, CLOSE_PIXELS)) {
            this.openKernel = getStructuringElement(MORPH_ELLIPSE, open);
            this.closeKernel = getStructuringElement(MORPH_ELLIPSE, close);
        }
    }

    /** A detector with the same settings and no background learned yet: one per video. */
    @Override
    public InferenceClient forVideo() {
        return new MotionDetector(minAreaFraction);
    }

    @Override
    public synchronized List<Detection> detect(VideoFrame frame) {
        int factor = Math.max(1, frame.width() / ANALYSIS_WIDTH);
        // a null resource is skipped on close: at factor 1 the frame's own Mat is analysed
        try (Mat grey = BgrMats.toGrey(frame); Mat shrunk = factor == 1 ? null : shrunk(grey, factor);
                Mat mask = new Mat(); MatVector contours = new MatVector()) {
            Mat small = shrunk == null ? grey : shrunk;
            // MOG2's own learning rate, 1 / min(2 * frames seen, history): quick to settle at the start
            // (a ghost where an object stood in the first frame fades in a few frames), steadier later.
            // A frame of another size restarts the model.
            background.apply(small, mask);
            threshold(mask, mask, FOREGROUND, 255, THRESH_BINARY);
            morphologyEx(mask, mask, MORPH_OPEN, openKernel); // specks of sensor noise
            morphologyEx(mask, mask, MORPH_CLOSE, closeKernel); // gaps, so one object stays one region
            findContours(mask, contours, RETR_EXTERNAL, CHAIN_APPROX_SIMPLE);
            double minArea = Math.max(1, minAreaFraction * small.cols() * small.rows());
            double scale = (double) small.cols() / frame.width();
            List<Detection> found = new ArrayList<>();
            for (long i = 0; i < contours.size(); i++) {
                try (Mat contour = contours.get(i); Rect box = boundingRect(contour)) {
                    double area = (double) box.width() * box.height();
                    if (area < minArea) {
                        continue;
                    }
                    try (Mat inBox = new Mat(mask, box)) {
                        double fill = countNonZero(inBox) / area;
                        found.add(DetectorBoxes.detection(CLASS_NAME, fill, box, scale, frame));
                    }
                }
            }
            return List.copyOf(found);
        } catch (RuntimeException e) {
            throw DetectorBoxes.failure(describe(), frame, e);
        }
    }

    /** The frame shrunk by {@code factor} in each direction, by area averaging. */
    private static Mat shrunk(Mat grey, int factor) {
        Mat small = new Mat();
        try (Size size = new Size(grey.cols() / factor, grey.rows() / factor)) {
            resize(grey, small, size, 0, 0, INTER_AREA);
        }
        return small;
    }

    @Override
    public String describe() {
        return "local:motion";
    }

    @Override
    public int maxConcurrency() {
        return 1;
    }
}
