package dev.mlpipeline.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlpipeline.core.port.HealthCheck;
import dev.mlpipeline.core.port.HealthCheck.Health;
import dev.mlpipeline.core.testing.InMemoryJobRepository;
import dev.mlpipeline.http.RunningApi.FixedHealthCheck;
import dev.mlpipeline.http.RunningApi.Reply;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HealthRouteTest {

    @Test
    void givenEveryCheckUp_thenReturns200WithTheOriginsFieldsAndComponents() {
        try (RunningApi api = new RunningApi()) {
            Reply reply = api.get("/health");

            assertEquals(200, reply.status());
            assertTrue(reply.isJson(), reply.contentType());
            JsonNode body = reply.json();
            assertEquals(Set.of("status", "service", "worker_running", "components"), Fields.names(body));
            assertEquals("ok", body.get("status").textValue());
            assertEquals("ml-pipeline", body.get("service").textValue());
            assertTrue(body.get("worker_running").isBoolean());
            assertFalse(body.get("worker_running").booleanValue());
            JsonNode mongo = body.get("components").get("mongodb");
            assertEquals(Set.of("up", "detail"), Fields.names(mongo));
            assertTrue(mongo.get("up").booleanValue());
            assertEquals("ping ok", mongo.get("detail").textValue());
        }
    }

    @Test
    void givenACheckDown_thenReturns503NamingThePartThatIsDown() {
        List<HealthCheck> checks = List.of(
                new FixedHealthCheck("mongodb", Health.down("connection refused")),
                new FixedHealthCheck("storage", Health.up("writable")));
        try (RunningApi api = new RunningApi(new InMemoryJobRepository(), checks)) {
            Reply reply = api.get("/health");

            assertEquals(503, reply.status());
            assertTrue(reply.isJson(), reply.contentType());
            JsonNode body = reply.json();
            assertEquals("unavailable", body.get("status").textValue());
            assertEquals("ml-pipeline", body.get("service").textValue());
            assertFalse(body.get("worker_running").booleanValue());
            assertFalse(body.get("components").get("mongodb").get("up").booleanValue());
            assertEquals("connection refused", body.get("components").get("mongodb").get("detail").textValue());
            assertTrue(body.get("components").get("storage").get("up").booleanValue());
        }
    }

    @Test
    void givenACheckThatThrows_thenReportsItDownWithoutItsMessage() {
        HealthCheck broken = new HealthCheck() {
            @Override
            public String name() {
                return "mongodb";
            }

            @Override
            public Health check() {
                throw new IllegalStateException("secret connection string");
            }
        };
        try (RunningApi api = new RunningApi(new InMemoryJobRepository(), List.of(broken))) {
            Reply reply = api.get("/health");

            assertEquals(503, reply.status());
            assertFalse(reply.json().get("components").get("mongodb").get("up").booleanValue());
            assertFalse(reply.body().contains("secret"), reply.body());
        }
    }

    @Test
    void givenNoChecks_thenReturns200WithNoComponents() {
        try (RunningApi api = new RunningApi(new InMemoryJobRepository(), List.of())) {
            Reply reply = api.get("/health");

            assertEquals(200, reply.status());
            assertEquals("ok", reply.json().get("status").textValue());
            assertTrue(reply.json().get("components").isObject());
            assertEquals(0, reply.json().get("components").size());
        }
    }
}
