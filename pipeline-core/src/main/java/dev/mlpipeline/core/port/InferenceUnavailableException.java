package dev.mlpipeline.core.port;

/**
 * The model cannot be reached at all (no route, connection refused, unknown endpoint, bad
 * credentials): every further frame would fail the same way, so the run stops at once instead of
 * grinding through the video.
 */
public class InferenceUnavailableException extends InferenceException {
    public InferenceUnavailableException(String message, Throwable cause) {
        super(message, false, cause);
    }
}
