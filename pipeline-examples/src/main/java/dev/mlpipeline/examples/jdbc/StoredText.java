package dev.mlpipeline.examples.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.mlpipeline.core.domain.CallbackDelivery;
import dev.mlpipeline.core.domain.JobResult;
import java.util.List;

/**
 * A job's result and its callback deliveries as JSON text: the parts of a job that are read whole and
 * never queried, so that one row holds the whole job and every write of it is a single-row update.
 * Jackson maps the core's records by their components' names in snake case, as the MongoDB store names
 * the same fields ({@code annotated_video_url}); dates are ISO-8601 instants, and numbers
 * read back exactly. A text that does not read back is an {@link IllegalStateException}: the store
 * wrote it, so it is damaged, not bad input.
 */
final class StoredText {
    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();
    private static final TypeReference<List<CallbackDelivery>> DELIVERIES = new TypeReference<>() {
    };

    private StoredText() {
    }

    static String result(JobResult result) {
        return result == null ? null : write(result);
    }

    static JobResult result(String stored) {
        try {
            return stored == null ? null : JSON.readValue(stored, JobResult.class);
        } catch (JsonProcessingException e) {
            throw damaged("result", e);
        }
    }

    static String deliveries(List<CallbackDelivery> deliveries) {
        return write(deliveries);
    }

    static List<CallbackDelivery> deliveries(String stored) {
        try {
            return stored == null ? List.of() : List.copyOf(JSON.readValue(stored, DELIVERIES));
        } catch (JsonProcessingException e) {
            throw damaged("callback deliveries", e);
        }
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write " + value + " as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static IllegalStateException damaged(String what, JsonProcessingException e) {
        return new IllegalStateException("stored " + what + " does not read back: " + e.getOriginalMessage(), e);
    }
}
