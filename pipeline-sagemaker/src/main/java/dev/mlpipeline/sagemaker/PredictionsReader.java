package dev.mlpipeline.sagemaker;

import dev.mlpipeline.core.domain.BoundingBox;
import dev.mlpipeline.core.domain.Detection;
import dev.mlpipeline.core.port.InferenceException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a model's response into detections in pixels of the image that was sent: the origin's
 * {@code {"predictions": [...]}}, the category models' {@code {"success": true, "detections": [...]}},
 * or a bare list, each item {@code {"class_name", "confidence", "bbox": {"x1", "y1", "x2", "y2"}}}.
 * {@code "success": false} is the model's own failure, with its {@code error} (or {@code message})
 * kept in the exception.
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
    /** Deeper nesting is refused before it can cost the stack; a model's answer needs three levels. */
    static final int MAX_DEPTH = 64;
    /** The origin's single model answers {@code predictions}; the category models {@code detections}. */
    private static final List<String> LIST_KEYS = List.of("predictions", "detections");
    /** A failure message longer than this is cut: it goes into warnings and logs. */
    private static final int MAX_MESSAGE = 500;

    // NaN and Infinity are read as numbers: Python's json.dumps (the usual model container) writes them,
    // and a NaN confidence is a value to drop, not a reason to lose the frame's other detections
    private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
                    .build())
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private PredictionsReader() {
    }

    static List<Detection> read(byte[] body, int width, int height) {
        if (body.length == 0) {
            throw invalid("the model returned an empty body", null);
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw invalid("the model returned malformed JSON: " + problem(e), e);
        }
        if (root == null || root.isMissingNode()) {
            throw invalid("the model returned an empty body", null);
        }
        JsonNode predictions = predictions(root);
        List<Detection> detections = new ArrayList<>(predictions.size());
        for (int i = 0; i < predictions.size(); i++) {
            Detection detection = detection(predictions.get(i), i, width, height);
            if (detection != null) {
                detections.add(detection);
            }
        }
        return List.copyOf(detections);
    }

    private static JsonNode predictions(JsonNode root) {
        if (root.isArray()) {
            return root;
        }
        if (root.isObject()) {
            JsonNode success = root.get("success");
            if (success != null && success.isBoolean() && !success.booleanValue()) {
                // the category models' own word for a failure: theirs is the message to keep
                throw invalid("the model reported a failure: " + failureMessage(root), null);
            }
            for (String key : LIST_KEYS) {
                if (root.get(key) != null && root.get(key).isArray()) {
                    return root.get(key);
                }
            }
            List<String> keys = new ArrayList<>();
            root.fieldNames().forEachRemaining(keys::add);
            throw invalid("the model's response object has no \"predictions\" or \"detections\" list (keys: "
                    + keys + ")", null);
        }
        throw invalid("the model's response is " + kind(root) + ", expected {\"predictions\": [...]},"
                + " {\"success\": true, \"detections\": [...]} or a list", null);
    }

    private static String failureMessage(JsonNode root) {
        for (String key : List.of("error", "message", "detail")) {
            JsonNode value = root.get(key);
            if (value != null && !value.isNull()) {
                String text = value.isTextual() ? value.textValue() : value.toString();
                return text.length() > MAX_MESSAGE ? text.substring(0, MAX_MESSAGE) + "..." : text;
            }
        }
        return "\"success\": false, without a message";
    }

    private static Detection detection(JsonNode prediction, int index, int width, int height) {
        if (!prediction.isObject()) {
            throw invalid("prediction " + index + " is " + kind(prediction) + ", expected an object", null);
        }
        JsonNode className = prediction.get("class_name");
        if (className == null || !className.isTextual()) {
            throw invalid("prediction " + index + ": \"class_name\" is missing or not a string", null);
        }
        double confidence = number(prediction, "confidence", "prediction " + index);
        JsonNode bbox = prediction.get("bbox");
        if (bbox == null || !bbox.isObject()) {
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
        return new Detection(className.textValue(), Math.max(0, Math.min(1, confidence)), box);
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

    private static double number(JsonNode object, String key, String where) {
        JsonNode value = object.get(key);
        if (value != null && value.isNumber()) {
            return value.doubleValue();
        }
        throw invalid(where + ": \"" + key + "\" is missing or not a number", null);
    }

    /** Jackson's own words, and where, without the excerpt of the body that its message quotes. */
    private static String problem(IOException e) {
        if (e instanceof JsonProcessingException json && json.getLocation() != null) {
            return json.getOriginalMessage() + " (at offset " + json.getLocation().getCharOffset() + ")";
        }
        return e.getMessage();
    }

    private static String kind(JsonNode value) {
        if (value.isNull()) {
            return "null";
        }
        if (value.isObject()) {
            return "an object";
        }
        if (value.isArray()) {
            return "a list";
        }
        return value.isTextual() ? "a string" : value.isNumber() ? "a number" : "a boolean";
    }

    private static InferenceException invalid(String message, Throwable cause) {
        return new InferenceException(message, false, cause);
    }
}
