package dev.mlpipeline.sagemaker;

import dev.mlpipeline.core.domain.BoundingBox;
import dev.mlpipeline.core.domain.Detection;
import dev.mlpipeline.core.port.InferenceException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the origin's response, {@code {"predictions": [...]}} or a bare list of
 * {@code {"class_name", "confidence", "bbox": {"x1", "y1", "x2", "y2"}}}, into detections in pixels
 * of the image that was sent.
 *
 * <p>A body that is not this shape fails the frame (non-retryable: asking again gives the same
 * answer). Values that are merely sloppy are repaired instead, so one odd box does not cost the
 * frame's other detections:
 * <ul>
 * <li>boxes are clamped to the image, corners given in the wrong order are swapped, and a box with
 *     no area left (or a NaN coordinate) is dropped;</li>
 * <li>a NaN or infinite confidence is dropped: it says nothing about the object;</li>
 * <li>a finite confidence within {@value #CONFIDENCE_TOLERANCE} of [0, 1] is rounding noise and is
 *     clamped; one farther out means the model is not reporting probabilities (percentages, logits),
 *     and thresholds would be meaningless, so the frame fails with a message that says so.</li>
 * </ul>
 */
final class PredictionsReader {
    static final double CONFIDENCE_TOLERANCE = 0.05;

    private PredictionsReader() {
    }

    static List<Detection> read(byte[] body, int width, int height) {
        if (body.length == 0) {
            throw invalid("the model returned an empty body", null);
        }
        Object root;
        try {
            root = JsonReader.parse(body);
        } catch (JsonReader.MalformedJsonException e) {
            throw invalid("the model returned malformed JSON: " + e.getMessage(), e);
        }
        List<?> predictions = predictions(root);
        List<Detection> detections = new ArrayList<>(predictions.size());
        for (int i = 0; i < predictions.size(); i++) {
            Detection detection = detection(predictions.get(i), i, width, height);
            if (detection != null) {
                detections.add(detection);
            }
        }
        return List.copyOf(detections);
    }

    private static List<?> predictions(Object root) {
        if (root instanceof List<?> list) {
            return list;
        }
        if (root instanceof Map<?, ?> object) {
            if (object.get("predictions") instanceof List<?> list) {
                return list;
            }
            throw invalid("the model's response object has no \"predictions\" list (keys: " + object.keySet() + ")", null);
        }
        throw invalid("the model's response is " + kind(root) + ", expected {\"predictions\": [...]} or a list", null);
    }

    private static Detection detection(Object item, int index, int width, int height) {
        if (!(item instanceof Map<?, ?> prediction)) {
            throw invalid("prediction " + index + " is " + kind(item) + ", expected an object", null);
        }
        if (!(prediction.get("class_name") instanceof String className)) {
            throw invalid("prediction " + index + ": \"class_name\" is missing or not a string", null);
        }
        double confidence = number(prediction, "confidence", "prediction " + index);
        if (!(prediction.get("bbox") instanceof Map<?, ?> bbox)) {
            throw invalid("prediction " + index + ": \"bbox\" is missing or not an object", null);
        }
        String where = "prediction " + index + " bbox";
        BoundingBox box = clamp(number(bbox, "x1", where), number(bbox, "y1", where),
                number(bbox, "x2", where), number(bbox, "y2", where), width, height);
        if (box == null || !Double.isFinite(confidence)) {
            return null;
        }
        if (confidence < -CONFIDENCE_TOLERANCE || confidence > 1 + CONFIDENCE_TOLERANCE) {
            throw invalid("prediction " + index + ": confidence " + confidence
                    + " is not in [0, 1]; is the model reporting percentages or logits?", null);
        }
        return new Detection(className, Math.max(0, Math.min(1, confidence)), box);
    }

    /** The box inside a {@code width} x {@code height} image, corners ordered; null when nothing of it is left. */
    static BoundingBox clamp(double x1, double y1, double x2, double y2, double width, double height) {
        if (Double.isNaN(x1) || Double.isNaN(y1) || Double.isNaN(x2) || Double.isNaN(y2)) {
            return null;
        }
        double left = within(Math.min(x1, x2), width);
        double right = within(Math.max(x1, x2), width);
        double top = within(Math.min(y1, y2), height);
        double bottom = within(Math.max(y1, y2), height);
        if (right <= left || bottom <= top) {
            return null;
        }
        return new BoundingBox(left, top, right, bottom);
    }

    private static double within(double value, double limit) {
        return Math.max(0, Math.min(limit, value));
    }

    private static double number(Map<?, ?> object, String key, String where) {
        if (object.get(key) instanceof Double value) {
            return value;
        }
        throw invalid(where + ": \"" + key + "\" is missing or not a number", null);
    }

    private static String kind(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Map) {
            return "an object";
        }
        if (value instanceof List) {
            return "a list";
        }
        return value instanceof String ? "a string" : value instanceof Double ? "a number" : "a boolean";
    }

    private static InferenceException invalid(String message, Throwable cause) {
        return new InferenceException(message, false, cause);
    }
}
