package dev.mlpipeline.core.port;

/** A frame could not be analysed; {@code retryable} says whether trying again may help. */
public class InferenceException extends RuntimeException {
    private final boolean retryable;

    public InferenceException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
