package dev.mlpipeline.core.port;

/** A frame could not be analysed; {@code retryable} says whether trying again may help. */
public class InferenceException extends RuntimeException {
    private final boolean retryable;
    private final boolean throttled;

    public InferenceException(String message, boolean retryable, Throwable cause) {
        this(message, retryable, false, cause);
    }

    /**
     * @param throttled the model refused for load (HTTP 429, a throttling error): the pipeline then sends
     *     fewer requests at once
     */
    public InferenceException(String message, boolean retryable, boolean throttled, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
        this.throttled = throttled;
    }

    public boolean retryable() {
        return retryable;
    }

    /** Whether the model refused for load, so that fewer requests at once would help. */
    public boolean throttled() {
        return throttled;
    }
}
