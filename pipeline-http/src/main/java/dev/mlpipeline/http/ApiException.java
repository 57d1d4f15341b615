package dev.mlpipeline.http;

/** A request the API refuses, with the status to answer; {@link ErrorMapper} renders it. */
final class ApiException extends RuntimeException {
    private final int status;

    private ApiException(int status, String message) {
        // control flow, not a fault: no stack trace to fill in
        super(message, null, false, false);
        this.status = status;
    }

    static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }

    static ApiException unauthorized(String message) {
        return new ApiException(401, message);
    }

    static ApiException notFound(String message) {
        return new ApiException(404, message);
    }

    static ApiException conflict(String message) {
        return new ApiException(409, message);
    }

    static ApiException rangeNotSatisfiable(String message) {
        return new ApiException(416, message);
    }

    static ApiException unavailable(String message) {
        return new ApiException(503, message);
    }

    int status() {
        return status;
    }
}
