package dev.mlpipeline.core.domain;

/** Input from a caller that can never be valid: a malformed id, an unknown status word. */
public class InvalidInputException extends IllegalArgumentException {
    public InvalidInputException(String message) {
        super(message);
    }
}
