package dev.mlpipeline.http;

import dev.mlpipeline.core.port.HealthCheck;
import dev.mlpipeline.core.port.HealthCheck.Health;
import dev.mlpipeline.core.service.Worker;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code GET /health}: 200 when every part is up, 503 naming the part that is down. */
final class HealthRoute {
    static final String SERVICE = "ml-pipeline";

    private final Worker worker;
    private final List<HealthCheck> checks;

    HealthRoute(Worker worker, List<HealthCheck> checks) {
        this.worker = worker;
        this.checks = List.copyOf(checks);
    }

    void show(Context ctx) {
        Map<String, Object> components = new LinkedHashMap<>();
        boolean allUp = true;
        for (HealthCheck check : checks) {
            Health health = checkSafely(check);
            Map<String, Object> component = new LinkedHashMap<>();
            component.put("up", health.up());
            component.put("detail", health.detail());
            components.put(check.name(), component);
            allUp &= health.up();
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", allUp ? "ok" : "unavailable");
        body.put("service", SERVICE);
        body.put("worker_running", worker.isRunning());
        body.put("components", components);
        Json.respond(ctx, allUp ? 200 : 503, body);
    }

    /** A check must not throw, but a health endpoint that fails is worse than one that says "down". */
    private static Health checkSafely(HealthCheck check) {
        try {
            Health health = check.check();
            return health != null ? health : Health.down("no answer");
        } catch (RuntimeException e) {
            return Health.down("check failed: " + e.getClass().getSimpleName());
        }
    }
}
