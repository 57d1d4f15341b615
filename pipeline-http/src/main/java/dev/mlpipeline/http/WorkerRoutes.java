package dev.mlpipeline.http;

import dev.mlpipeline.core.service.Worker;
import io.javalin.http.Context;
import java.util.Map;

/** {@code POST /worker/start} and {@code POST /worker/stop}, with the origin's messages. */
final class WorkerRoutes {
    private final Worker worker;

    WorkerRoutes(Worker worker) {
        this.worker = worker;
    }

    void start(Context ctx) {
        message(ctx, worker.start() ? "Worker started" : "Worker already running");
    }

    void stop(Context ctx) {
        // stop() does not wait for the running job: it is asked to end and given back to the queue.
        // The origin answers the same whether or not the worker was running; a backend may compare it.
        worker.stop();
        message(ctx, "Worker stopping...");
    }

    private static void message(Context ctx, String message) {
        Json.respond(ctx, 200, Map.of("message", message));
    }
}
