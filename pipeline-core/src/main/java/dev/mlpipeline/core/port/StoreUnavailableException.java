package dev.mlpipeline.core.port;

/** The database behind a port could not be reached; the operation may succeed later. */
public class StoreUnavailableException extends RuntimeException {
    /**
     * An outage of the store.
     *
     * @param message what could not be done, for a person to read
     * @param cause the driver's failure, or null
     */
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
