package dev.mlpipeline.video.detect;

import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import dev.mlpipeline.core.domain.Detection;
import dev.mlpipeline.core.port.InferenceClient;
import dev.mlpipeline.core.port.VideoFrame;
import dev.mlpipeline.video.io.BgrMats;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.opencv.global.opencv_objdetect;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.RectVector;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_objdetect.CascadeClassifier;

/**
 * Finds objects with one of the Haar cascades that ship inside OpenCV's natives jar (Viola and
 * Jones): frontal faces ({@link #faces()}) or licence plates ({@link #licencePlates()}). Frames
 * wider than {@link #DEFAULT_MAX_WIDTH} are scaled down first, for speed, and the boxes mapped back.
 *
 * <p>Thread-safe: each concurrent call borrows its own CascadeClassifier from a pool.
 *
 * <p>Confidence comes from the number of overlapping raw hits that were merged into the box
 * ({@code n}, which is more than {@code minNeighbors} for any box reported):
 * {@code n / (n + minNeighbors)}, so a box that only just made the cut scores a little over 0.5
 * and one that the cascade found at many positions and scales approaches 1.
 */
public final class CascadeDetector implements InferenceClient {
    /** 1920x1080 is searched at 1280x720. */
    public static final int DEFAULT_MAX_WIDTH = 1280;

    private static final String CASCADES = "/org/bytedeco/opencv/%s/share/opencv4/haarcascades/%s";

    private final String description;
    private final String className;
    private final double scaleFactor;
    private final int minNeighbors;
    private final int minWidth;
    private final int minHeight;
    private final int maxWidth;
    private final DetectorPool<CascadeClassifier> classifiers;

    private CascadeDetector(String description, String className, String cascade, double scaleFactor,
                            int minNeighbors, int minWidth, int minHeight, int maxWidth) {
        this.description = description;
        this.className = className;
        this.scaleFactor = scaleFactor;
        this.minNeighbors = minNeighbors;
        this.minWidth = minWidth;
        this.minHeight = minHeight;
        this.maxWidth = maxWidth;
        String path = extract(cascade).getAbsolutePath();
        this.classifiers = new DetectorPool<>(() -> load(path));
    }

    /** Frontal faces ({@code face}), at least 30x30 px, with {@code haarcascade_frontalface_default}. */
    public static CascadeDetector faces() {
        return new CascadeDetector("local:faces", "face", "haarcascade_frontalface_default.xml",
                1.1, 5, 30, 30, DEFAULT_MAX_WIDTH);
    }

    /**
     * Licence plates ({@code licence_plate}), at least 60x20 px, with
     * {@code haarcascade_russian_plate_number}: trained on Russian plates, so other countries' plates
     * are found less reliably, if at all.
     */
    public static CascadeDetector licencePlates() {
        return new CascadeDetector("local:plates", "licence_plate", "haarcascade_russian_plate_number.xml",
                1.1, 3, 60, 20, DEFAULT_MAX_WIDTH);
    }

    @Override
    public List<Detection> detect(VideoFrame frame) {
        double scale = Math.min(1, (double) maxWidth / frame.width());
        int width = Math.max(1, (int) Math.round(frame.width() * scale));
        int height = Math.max(1, (int) Math.round(frame.height() * scale));
        if (width < minWidth || height < minHeight) {
            return List.of();
        }
        try (Mat bgr = BgrMats.toMat(frame); Mat gray = new Mat(); Size size = new Size(width, height)) {
            if (scale < 1) {
                try (Mat scaled = new Mat()) {
                    resize(bgr, scaled, size, 0, 0, INTER_AREA);
                    cvtColor(scaled, gray, COLOR_BGR2GRAY);
                }
            } else {
                cvtColor(bgr, gray, COLOR_BGR2GRAY);
            }
            // no equalizeHist: the cascade normalises each window's contrast itself, and equalising a frame
            // with a large even area (a wall, the sky) squeezes the faces in it to a few grey levels
            return classifiers.with(classifier -> search(classifier, gray, scale, frame));
        } catch (RuntimeException e) {
            throw DetectorBoxes.failure(describe(), frame, e);
        }
    }

    private List<Detection> search(CascadeClassifier classifier, Mat gray, double scale, VideoFrame frame) {
        try (RectVector found = new RectVector();
             IntPointer neighbours = new IntPointer();
             Size minSize = new Size(minWidth, minHeight);
             Size maxSize = new Size()) {
            classifier.detectMultiScale2(gray, found, neighbours, scaleFactor, minNeighbors, 0, minSize, maxSize);
            List<Detection> objects = new ArrayList<>();
            for (long i = 0; i < found.size(); i++) {
                int n = i < neighbours.limit() ? neighbours.get(i) : minNeighbors + 1;
                try (Rect box = found.get(i)) {
                    objects.add(DetectorBoxes.detection(className, (double) n / (n + minNeighbors), box, scale, frame));
                }
            }
            return List.copyOf(objects);
        }
    }

    private static File extract(String cascade) {
        String resource = String.format(CASCADES, Loader.getPlatform(), cascade);
        try {
            File file = Loader.cacheResource(opencv_objdetect.class, resource);
            if (file == null) {
                throw new IllegalStateException("no " + resource + " in the OpenCV natives jar");
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("could not extract " + resource, e);
        }
    }

    private static CascadeClassifier load(String path) {
        CascadeClassifier classifier = new CascadeClassifier(path);
        if (classifier.empty()) {
            classifier.close();
            throw new IllegalStateException("could not load the Haar cascade " + path);
        }
        return classifier;
    }

    @Override
    public String describe() {
        return description;
    }
}
