package dev.mlpipeline.video.detect;

import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import dev.mlpipeline.core.domain.Detection;
import dev.mlpipeline.core.port.InferenceClient;
import dev.mlpipeline.core.port.VideoFrame;
import dev.mlpipeline.video.io.BgrMats;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.RectVector;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_objdetect.HOGDescriptor;

/**
 * Finds standing people with OpenCV's built-in HOG + linear SVM pedestrian detector (Dalal and
 * Triggs), reported as {@code person}. It sees people at least 128 px tall in the frame it works
 * on; frames wider than {@code maxWidth} are scaled down first, for speed, and the boxes mapped back.
 *
 * <p>Thread-safe: each concurrent call borrows its own HOGDescriptor from a pool.
 *
 * <p>Confidence is a logistic of the SVM's score (its distance past the decision boundary):
 * {@code 1 / (1 + e^(-2 (score - 1)))}. The constants are chosen, not fitted: a window just past the
 * boundary scores about 0.12, a score of 1 scores 0.5, and the clear pedestrians of a typical street
 * scene (scores 2 to 4) score 0.88 to 0.998, so that a threshold of 0.25 drops the weakest hits, which
 * are mostly false alarms on upright textures.
 */
public final class PeopleDetector implements InferenceClient {
    static final String CLASS_NAME = "person";
    /** 1280x720 is searched at 960x540, 1920x1080 at 960x540: about 0.1 s a frame on one core. */
    public static final int DEFAULT_MAX_WIDTH = 960;

    // the default people detector's window; a smaller frame cannot hold a person (and crashes OpenCV)
    private static final int WINDOW_WIDTH = 64;
    private static final int WINDOW_HEIGHT = 128;
    // read-only arguments, safe to share between concurrent native calls
    private static final Size WIN_STRIDE = new Size(8, 8);
    private static final Size PADDING = new Size(0, 0);
    private static final double HIT_THRESHOLD = 0;
    private static final double SCALE_STEP = 1.05;
    private static final double GROUP_THRESHOLD = 2;

    private final int maxWidth;
    private final DetectorPool<HOGDescriptor> detectors = new DetectorPool<>(PeopleDetector::newDescriptor);

    public PeopleDetector() {
        this(DEFAULT_MAX_WIDTH);
    }

    /** @param maxWidth frames wider than this are scaled down to it before the search; at least 64 */
    public PeopleDetector(int maxWidth) {
        if (maxWidth < WINDOW_WIDTH) {
            throw new IllegalArgumentException("maxWidth must be at least " + WINDOW_WIDTH + ", got " + maxWidth);
        }
        this.maxWidth = maxWidth;
    }

    @Override
    public List<Detection> detect(VideoFrame frame) {
        double scale = Math.min(1, (double) maxWidth / frame.width());
        int width = (int) Math.round(frame.width() * scale);
        int height = (int) Math.round(frame.height() * scale);
        if (width < WINDOW_WIDTH || height < WINDOW_HEIGHT) {
            return List.of();
        }
        try (Mat bgr = BgrMats.toMat(frame);
             Mat scaled = scale < 1 ? new Mat() : null;
             Size size = new Size(width, height)) {
            if (scaled != null) {
                resize(bgr, scaled, size, 0, 0, INTER_AREA);
            }
            Mat searched = scaled != null ? scaled : bgr;
            return detectors.with(hog -> search(hog, searched, scale, frame));
        } catch (RuntimeException e) {
            throw DetectorBoxes.failure(describe(), frame, e);
        }
    }

    private static List<Detection> search(HOGDescriptor hog, Mat image, double scale, VideoFrame frame) {
        try (RectVector found = new RectVector(); DoublePointer scores = new DoublePointer()) {
            hog.detectMultiScale(image, found, scores, HIT_THRESHOLD, WIN_STRIDE, PADDING, SCALE_STEP,
                    GROUP_THRESHOLD, false);
            List<Detection> people = new ArrayList<>();
            for (long i = 0; i < found.size(); i++) {
                // OpenCV groups the scores with the boxes; a missing one counts as a bare hit
                double score = i < scores.limit() ? scores.get(i) : HIT_THRESHOLD;
                try (Rect box = found.get(i)) {
                    people.add(DetectorBoxes.detection(CLASS_NAME, confidence(score), box, scale, frame));
                }
            }
            return List.copyOf(people);
        }
    }

    static double confidence(double svmScore) {
        return 1 / (1 + Math.exp(-2 * (svmScore - 1)));
    }

    private static HOGDescriptor newDescriptor() {
        HOGDescriptor hog = new HOGDescriptor();
        try (FloatPointer weights = HOGDescriptor.getDefaultPeopleDetector(); Mat coefficients = new Mat(weights)) {
            hog.setSVMDetector(coefficients);
        }
        return hog;
    }

    @Override
    public String describe() {
        return "local:people";
    }
}
