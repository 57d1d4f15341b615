package dev.mlpipeline.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Map;

/** Reads request bodies and writes every response body of the API, with one small ObjectMapper. */
final class Json {
    static final String CONTENT_TYPE = "application/json";

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            // `{"video_id": "a"} junk` is not one object; with a key repeated, the last wins, as in the origin
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Json() {
    }

    static void respond(Context ctx, int status, Object body) {
        ctx.status(status).contentType(CONTENT_TYPE).result(bytes(body));
    }

    static Map<String, Object> error(String message) {
        return Map.of("error", message);
    }

    static byte[] bytes(Object body) {
        try {
            return MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            // bodies are maps of strings, numbers, booleans and nulls: this is a bug, not bad input
            throw new IllegalStateException("cannot render a response body", e);
        }
    }

    /** The body as a JSON object; {@link ApiException} (400) when it is not JSON or not an object. */
    static JsonNode readObject(byte[] body) {
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("request body is not valid JSON");
        } catch (IOException e) {
            throw new IllegalStateException("reading a byte array failed", e);
        }
        if (node == null || !node.isObject()) {
            throw ApiException.badRequest("request body must be a JSON object");
        }
        return node;
    }
}
