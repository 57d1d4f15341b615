package dev.mlpipeline.core.service;

import java.io.IOException;

/** A run stopped because inference failed: the model is unreachable, or too many frames failed. */
public class InferenceFailedException extends IOException {
    /**
     * A run stopped for failed inference.
     *
     * @param message what failed, for a person to read
     * @param cause the last inference failure
     */
    public InferenceFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
