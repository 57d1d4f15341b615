package dev.mlpipeline.core.domain;

/** Input from a caller that can never be valid: a malformed id, an unknown status word. */
public class InvalidInputException extends IllegalArgumentException {
    /**
     * An exception that says what was wrong.
     *
     * @param message what was wrong with the input, for the caller to read
     */
    public InvalidInputException(String message) {
        super(message);
    }
}
