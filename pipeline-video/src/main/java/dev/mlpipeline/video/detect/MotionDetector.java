package dev.mlpipeline.video.detect;

import static org.bytedeco.opencv.global.opencv_core.countNonZero;
import static org.bytedeco.opencv.global.opencv_imgproc.CHAIN_APPROX_SIMPLE;
import static org.bytedeco.opencv.global.opencv_imgproc.MORPH_CLOSE;
import static org.bytedeco.opencv.global.opencv_imgproc.MORPH_ELLIPSE;
import static org.bytedeco.opencv.global.opencv_imgproc.MORPH_OPEN;
import static org.bytedeco.opencv.global.opencv_imgproc.RETR_EXTERNAL;
import static org.bytedeco.opencv.global.opencv_imgproc.THRESH_BINARY;
import static org.bytedeco.opencv.global.opencv_imgproc.boundingRect;
import static org.bytedeco.opencv.global.opencv_imgproc.findContours;
import static org.bytedeco.opencv.global.opencv_imgproc.getStructuringElement;
import static org.bytedeco.opencv.global.opencv_imgproc.morphologyEx;
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
 */
public final class MotionDetector implements InferenceClient {
    static final String CLASS_NAME = "moving_object";
    /** Regions smaller than this share of the frame are noise: about 30x30 px on a 720p frame. */
    public static final double DEFAULT_MIN_AREA_FRACTION = 0.001;

    private static final int HISTORY = 500;
    private static final double VAR_THRESHOLD = 16;
    // MOG2 paints shadows 127 and foreground 255: anything under 200 is not a moving object
    private static final double FOREGROUND = 200;

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
        try (Size small = new Size(3, 3); Size medium = new Size(5, 5)) {
            this.openKernel = getStructuringElement(MORPH_ELLIPSE, small);
            this.closeKernel = getStructuringElement(MORPH_ELLIPSE, medium);
        }
    }

    /** A detector with the same settings and no background learned yet: one per video. */
    @Override
    public InferenceClient forVideo() {
        return new MotionDetector(minAreaFraction);
    }

    @Override
    public synchronized List<Detection> detect(VideoFrame frame) {
        try (Mat bgr = BgrMats.toMat(frame); Mat mask = new Mat(); MatVector contours = new MatVector()) {
            // MOG2's own learning rate, 1 / min(2 * frames seen, history): quick to settle at the start
            // (a ghost where an object stood in the first frame fades in a few frames), steadier later.
            // A frame of another size restarts the model.
            background.apply(bgr, mask);
            threshold(mask, mask, FOREGROUND, 255, THRESH_BINARY);
            morphologyEx(mask, mask, MORPH_OPEN, openKernel); // specks of sensor noise
            morphologyEx(mask, mask, MORPH_CLOSE, closeKernel); // pinholes, so one object stays one region
            findContours(mask, contours, RETR_EXTERNAL, CHAIN_APPROX_SIMPLE);
            double minArea = Math.max(1, minAreaFraction * frame.width() * frame.height());
            List<Detection> found = new ArrayList<>();
            for (long i = 0; i < contours.size(); i++) {
                try (Mat contour = contours.get(i); Rect box = boundingRect(contour)) {
                    double area = (double) box.width() * box.height();
                    if (area < minArea) {
                        continue;
                    }
                    try (Mat inBox = new Mat(mask, box)) {
                        double fill = countNonZero(inBox) / area;
                        found.add(DetectorBoxes.detection(CLASS_NAME, fill, box, 1, frame));
                    }
                }
            }
            return List.copyOf(found);
        } catch (RuntimeException e) {
            throw DetectorBoxes.failure(describe(), frame, e);
        }
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
