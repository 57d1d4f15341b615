package dev.mlpipeline.core.port;

/**
 * The model cannot be reached at all (no route, connection refused, unknown endpoint, bad
 * credentials): every further frame would fail the same way, so the run stops at once instead of
 * grinding through the video.
 */
public class InferenceUnavailableException extends InferenceException {
    /**
     * A failure that trying again does not help: neither retryable nor throttled.
     *
     * @param message what went wrong, for a person to read
     * @param cause the underlying failure, or null
     */
    public InferenceUnavailableException(String message, Throwable cause) {
        super(message, false, cause);
    }
}
