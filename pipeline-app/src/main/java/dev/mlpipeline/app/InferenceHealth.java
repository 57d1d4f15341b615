package dev.mlpipeline.app;

import dev.mlpipeline.core.port.HealthCheck;
import dev.mlpipeline.core.port.InferenceClient;

/**
 * Says which model the service uses. It does not call the model: a SageMaker endpoint bills every
 * invocation, and an unreachable one shows up on the first job, which then fails at once.
 */
final class InferenceHealth implements HealthCheck {
    private final InferenceClient inference;

    InferenceHealth(InferenceClient inference) {
        this.inference = inference;
    }

    @Override
    public String name() {
        return "inference";
    }

    @Override
    public Health check() {
        return Health.up(inference.describe());
    }
}
