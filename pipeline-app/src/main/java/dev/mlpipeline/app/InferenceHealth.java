package dev.mlpipeline.app;

import dev.mlpipeline.core.port.HealthCheck;
import dev.mlpipeline.core.port.InferenceClient;

/**
 * Says which model the service uses and whether it can be used now ({@link InferenceClient#readiness()}:
 * for SageMaker, each endpoint's status from the control plane, cached briefly). It does not call the
 * model itself: a SageMaker endpoint bills every invocation. Down when no endpoint can be used.
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
        InferenceClient.Readiness readiness = inference.readiness();
        String detail = inference.describe() + (readiness == InferenceClient.Readiness.READY ? ""
                : " (" + readiness.detail() + ")");
        return readiness.usable() ? Health.up(detail) : Health.down(detail);
    }
}
