package dev.mlpipeline.core.port;

/** A frame could not be analysed; {@code retryable} says whether trying again may help. */
public class InferenceException extends RuntimeException {
    /** Whether trying the frame again may help. */
    private final boolean retryable;
    /** Whether the model refused for load. */
    private final boolean throttled;

    /**
     * A failure that is not the model refusing for load.
     *
     * @param message what went wrong, for a person to read
     * @param retryable whether trying the frame again may help
     * @param cause the underlying failure, or null
     */
    public InferenceException(String message, boolean retryable, Throwable cause) {
        this(message, retryable, false, cause);
    }

    /**
     * A failure that may be the model refusing for load.
     *
     * @param message what went wrong, for a person to read
     * @param retryable whether trying the frame again may help
     * @param throttled the model refused for load (HTTP 429, a throttling error): the pipeline then sends
     *     fewer requests at once
     * @param cause the underlying failure, or null
     */
    public InferenceException(String message, boolean retryable, boolean throttled, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
        this.throttled = throttled;
    }

    /**
     * Whether trying the frame again may help.
     *
     * @return true when a retry may succeed
     */
    public boolean retryable() {
        return retryable;
    }

    /**
     * Whether the model refused for load, so that fewer requests at once would help.
     *
     * @return true for throttling
     */
    public boolean throttled() {
        return throttled;
    }
}
