package dev.mlpipeline.sagemaker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlpipeline.core.domain.BoundingBox;
import dev.mlpipeline.core.domain.Detection;
import dev.mlpipeline.core.port.InferenceException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PredictionsReaderTest {
    private static final int WIDTH = 640;
    private static final int HEIGHT = 360;

    @Test
    void readsBothResponseShapes() {
        Detection person = new Detection("person", 0.91, new BoundingBox(10, 20, 110, 220));
        String item = prediction("person", "0.91", "10", "20", "110", "220");
        assertEquals(List.of(person), read("{\"predictions\": [" + item + "], \"model\": \"yolov8\"}"));
        assertEquals(List.of(person), read("[" + item + "]"));
        assertEquals(List.of(person), read("{\"success\": true, \"detections\": [" + item + "]}"));
    }

    @Test
    void swapsCornersGivenInTheWrongOrder() {
        assertEquals(List.of(new Detection("a", 0.5, new BoundingBox(10, 20, 110, 220))),
                read("[" + prediction("a", "0.5", "110", "220", "10", "20") + "]"));
    }

    @Test
    void clampsBoxesToTheImageAndDropsThoseWithNothingLeft() {
        assertEquals(List.of(new Detection("partly", 0.5, new BoundingBox(0, 0, 640, 360))), read("["
                + prediction("partly", "0.5", "-1e9", "-5", "1e9", "Infinity") + ","
                + prediction("left of it", "0.5", "-50", "0", "-1", "100") + ","
                + prediction("no area", "0.5", "100", "100", "100", "200") + ","
                + prediction("nan corner", "0.5", "NaN", "0", "10", "10") + "]"));
    }

    @ParameterizedTest
    @CsvSource({"NaN", "Infinity", "-Infinity"})
    void dropsADetectionWhoseConfidenceIsNotFinite(String confidence) {
        assertEquals(List.of(), read("[" + prediction("x", confidence, "1", "1", "5", "5") + "]"));
    }

    @ParameterizedTest
    @CsvSource({"1.04, 1.0", "-0.04, 0.0", "1, 1.0", "0, 0.0", "0.5, 0.5"})
    void clampsConfidencesWithinTheToleranceIntoZeroToOne(String confidence, double expected) {
        assertEquals(expected, read("[" + prediction("x", confidence, "1", "1", "5", "5") + "]").get(0).confidence());
    }

    @ParameterizedTest
    @CsvSource({"87.0", "-3.2", "1.2"})
    void failsTheFrameWhenConfidencesAreNotProbabilities(String confidence) {
        InferenceException e = assertThrows(InferenceException.class,
                () -> read("[" + prediction("x", confidence, "1", "1", "5", "5") + "]"));
        assertFalse(e.retryable());
        assertTrue(e.getMessage().contains("not in [0, 1]"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''| empty body",
            "{\"predictions\": [1,| malformed JSON",
            "{\"results\": []}| no \"predictions\" or \"detections\" list (keys: [results])",
            "{\"predictions\": {}}| no \"predictions\" or \"detections\" list",
            "{\"success\": false, \"error\": \"CUDA out of memory\"}| the model reported a failure: CUDA out of memory",
            "{\"success\": false, \"detail\": {\"code\": 7}}| the model reported a failure: {\"code\":7}",
            "{\"success\": false, \"detections\": []}| \"success\": false, without a message",
            "\"ok\"| is a string",
            "[42]| prediction 0 is a number",
            "[{\"confidence\": 0.5, \"bbox\": {\"x1\": 1, \"y1\": 1, \"x2\": 2, \"y2\": 2}}]| \"class_name\" is missing",
            "[{\"class_name\": 7, \"confidence\": 0.5, \"bbox\": {\"x1\": 1, \"y1\": 1, \"x2\": 2, \"y2\": 2}}]| \"class_name\" is missing or not a string",
            "[{\"class_name\": \"a\", \"bbox\": {\"x1\": 1, \"y1\": 1, \"x2\": 2, \"y2\": 2}}]| \"confidence\" is missing",
            "[{\"class_name\": \"a\", \"confidence\": \"high\", \"bbox\": {\"x1\": 1, \"y1\": 1, \"x2\": 2, \"y2\": 2}}]| \"confidence\" is missing or not a number",
            "[{\"class_name\": \"a\", \"confidence\": 0.5}]| \"bbox\" is missing",
            "[{\"class_name\": \"a\", \"confidence\": 0.5, \"bbox\": [1, 1, 2, 2]}]| \"bbox\" is missing or not an object",
            "[{\"class_name\": \"a\", \"confidence\": 0.5, \"bbox\": {\"x1\": 1, \"y1\": 1, \"x2\": 2}}]| prediction 0 bbox: \"y2\" is missing"})
    void failsTheFrameWithAMessageSayingWhatWasWrong(String body, String expected) {
        InferenceException e = assertThrows(InferenceException.class, () -> read(body));
        assertFalse(e.retryable());
        assertTrue(e.getMessage().contains(expected.trim()), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"   ", "{", "[1,]", "{\"a\":1,}", "{a: 1}", "{'a': 1}", "[1 2]", "01", "1.", "-",
            "\"unterminated", "\"bad \\x escape\"", "tru", "[] []", "{\"a\" 1}", "<html>502 Bad Gateway</html>"})
    void failsTheFrameOnABodyThatIsNotJson(String body) {
        InferenceException e = assertThrows(InferenceException.class, () -> read(body));
        assertFalse(e.retryable());
        assertTrue(e.getMessage().contains("malformed JSON") || e.getMessage().contains("empty body"), e.getMessage());
    }

    @Test
    void readsPythonsNanAsNoDetectionAndKeepsTheOthers() {
        List<Detection> found = read("[" + prediction("a", "NaN", "1", "1", "5", "5") + ", "
                + prediction("b", "0.5", "1", "1", "Infinity", "5") + "]");

        assertEquals(List.of(new Detection("b", 0.5, new BoundingBox(1, 1, WIDTH, 5))), found);
    }

    @Test
    void readsUtf8WithAByteOrderMark() {
        String body = "\uFEFF[" + prediction("caf\u00e9", "0.5", "1", "1", "5", "5") + "]";

        assertEquals("caf\u00e9", read(body).get(0).className());
    }

    @Test
    void refusesNestingThatCouldExhaustTheStackButReadsAnyRealisticDepth() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        InferenceException e = assertThrows(InferenceException.class, () -> read(deep));
        assertTrue(e.getMessage().contains("malformed JSON"), e.getMessage());

        int depth = PredictionsReader.MAX_DEPTH - 1;
        assertEquals(List.of(), read("{\"predictions\": [], \"x\": " + "[".repeat(depth) + "]".repeat(depth) + "}"));
    }

    @Test
    void clampReturnsNullForABoxWithNoAreaInside() {
        assertNull(PredictionsReader.clamp(700, 10, 800, 20, WIDTH, HEIGHT));
        assertEquals(new BoundingBox(630, 10, 640, 20), PredictionsReader.clamp(630, 10, 800, 20, WIDTH, HEIGHT));
    }

    private static List<Detection> read(String body) {
        return PredictionsReader.read(body.getBytes(StandardCharsets.UTF_8), WIDTH, HEIGHT);
    }

    private static String prediction(String name, String confidence, String x1, String y1, String x2, String y2) {
        return "{\"class_name\": \"" + name + "\", \"confidence\": " + confidence + ", \"bbox\": {\"x1\": " + x1
                + ", \"y1\": " + y1 + ", \"x2\": " + x2 + ", \"y2\": " + y2 + "}}";
    }
}
