package dev.mlpipeline.core.service;

import java.io.IOException;

/** A run stopped because inference failed: the model is unreachable, or too many frames failed. */
public class InferenceFailedException extends IOException {
    public InferenceFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
