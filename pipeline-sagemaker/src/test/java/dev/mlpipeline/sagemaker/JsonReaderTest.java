package dev.mlpipeline.sagemaker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonReaderTest {

    @Test
    void readsObjectsArraysAndEveryKindOfValue() {
        Object value = JsonReader.parse(" {\"a\": [1, -2.5, 3e2, true, false, null], \"b\": {\"c\": \"d\"}, \"e\": {}} ");
        assertEquals(Map.of("b", Map.of("c", "d"), "e", Map.of()), withoutA(value));
        assertEquals(Arrays.asList(1.0, -2.5, 300.0, true, false, null), ((Map<?, ?>) value).get("a"));
    }

    @Test
    void decodesEscapes() {
        assertEquals("a\"b\\c/d\ne\t\u00e9\u20ac", JsonReader.parse("\"a\\\"b\\\\c\\/d\\ne\\t\\u00e9\\u20AC\""));
    }

    @Test
    void readsUtf8Bytes() {
        assertEquals(List.of("caf\u00e9"), JsonReader.parse("[\"caf\u00e9\"]".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void readsPythonsNanAndInfinities() {
        List<?> values = (List<?>) JsonReader.parse("[NaN, Infinity, -Infinity]");
        assertTrue(Double.isNaN((Double) values.get(0)));
        assertEquals(Double.POSITIVE_INFINITY, values.get(1));
        assertEquals(Double.NEGATIVE_INFINITY, values.get(2));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "{", "[1,]", "{\"a\":1,}", "{a: 1}", "{'a': 1}", "[1 2]", "01", "1.", ".5", "-",
            "\"unterminated", "\"bad \\x escape\"", "\"\\u12\"", "tru", "nul", "[] []", "{\"a\" 1}", "\"tab\there\"",
            "<html>502 Bad Gateway</html>"})
    void refusesWhatIsNotJson(String text) {
        JsonReader.MalformedJsonException e = assertThrows(JsonReader.MalformedJsonException.class, () -> JsonReader.parse(text));
        assertTrue(e.getMessage().contains("at offset"), e.getMessage());
    }

    @Test
    void refusesNestingThatCouldExhaustTheStack() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        JsonReader.MalformedJsonException e = assertThrows(JsonReader.MalformedJsonException.class, () -> JsonReader.parse(deep));
        assertTrue(e.getMessage().contains("nested deeper"), e.getMessage());
    }

    @Test
    void acceptsNestingUpToTheLimit() {
        String deep = "[".repeat(JsonReader.MAX_DEPTH) + "]".repeat(JsonReader.MAX_DEPTH);
        assertTrue(JsonReader.parse(deep) instanceof List);
    }

    private static Map<?, ?> withoutA(Object value) {
        Map<Object, Object> copy = new HashMap<>((Map<?, ?>) value);
        copy.remove("a");
        return copy;
    }
}
