package dev.mlpipeline.core.port;

/** The database behind a port could not be reached; the operation may succeed later. */
public class StoreUnavailableException extends RuntimeException {
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
