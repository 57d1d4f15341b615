package dev.mlpipeline.sagemaker;

import dev.mlpipeline.core.port.InferenceException;
import dev.mlpipeline.core.port.InferenceUnavailableException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sagemakerruntime.model.ModelErrorException;
import software.amazon.awssdk.services.sagemakerruntime.model.ValidationErrorException;

/**
 * Turns what the SDK threw, after its own retries, into the port's errors:
 * <ul>
 * <li>the endpoint cannot be used at all (cannot connect, unknown host, unknown endpoint, missing or
 *     rejected credentials, denied access): {@link InferenceUnavailableException}, and the run stops;</li>
 * <li>still throttled, 5xx, timed out or cut off after every attempt: retryable, the frame fails;</li>
 * <li>the model container failed, or the request was refused for what it is: not retryable.</li>
 * </ul>
 */
final class Failures {
    /** Error codes AWS uses for missing, malformed, expired or refused credentials and signatures. */
    private static final Set<String> CREDENTIAL_ERRORS = Set.of("UnrecognizedClientException", "InvalidSignatureException",
            "SignatureDoesNotMatch", "IncompleteSignature", "IncompleteSignatureException", "InvalidClientTokenId",
            "MissingAuthenticationToken", "MissingAuthenticationTokenException", "ExpiredToken", "ExpiredTokenException",
            "AccessDenied", "AccessDeniedException", "AuthFailure", "NotAuthorized", "UnauthorizedOperation");

    /** Enough for any real chain, and a bound for a chain that loops. */
    private static final int MAX_CAUSES = 32;

    private Failures() {
    }

    static InferenceException classify(RuntimeException e, String endpoint) {
        try {
            return classified(e, endpoint);
        } catch (RuntimeException unexpected) {
            // an odd exception must still reach the worker as the port's exception, never as a crash
            e.addSuppressed(unexpected);
            return new InferenceException("the call to SageMaker endpoint " + endpoint + " failed: " + e, false, e);
        }
    }

    private static InferenceException classified(RuntimeException e, String endpoint) {
        String where = "SageMaker endpoint " + endpoint;
        if (e instanceof ModelErrorException model) {
            return new InferenceException("the model on " + where + " failed: " + modelMessage(model), false, e);
        }
        if (e instanceof AwsServiceException service) {
            return fromService(service, where);
        }
        if (causedBy(e, CheckedCredentials.CredentialsUnavailableException.class)) {
            return new InferenceUnavailableException("cannot call " + where + ": " + rootMessage(e), e);
        }
        if (causedBy(e, UnknownHostException.class) || causedBy(e, ConnectException.class)
                || causedBy(e, NoRouteToHostException.class) || connectTimedOut(e)) {
            return new InferenceUnavailableException("cannot reach " + where + attempts(e) + ": " + rootMessage(e), e);
        }
        if (causedBy(e, ApiCallTimeoutException.class) || causedBy(e, ApiCallAttemptTimeoutException.class)) {
            String detail = e instanceof SdkException sdk && sdk.rawMessage() != null ? sdk.rawMessage() : e.getMessage();
            return new InferenceException(where + " timed out" + attempts(e) + ": " + detail, true, e);
        }
        if (e instanceof AbortedException || causedBy(e, InterruptedException.class)
                || (causedBy(e, InterruptedIOException.class) && Thread.currentThread().isInterrupted())) {
            Thread.currentThread().interrupt(); // the caller is being stopped: keep telling it so
            return new InferenceException("the call to " + where + " was interrupted", false, e);
        }
        if (causedBy(e, IOException.class) || (e instanceof SdkException sdk && sdk.retryable())) {
            return new InferenceException("the connection to " + where + " failed" + attempts(e) + ": " + rootMessage(e), true, e);
        }
        return new InferenceException("the call to " + where + " failed: " + e, false, e);
    }

    private static InferenceException fromService(AwsServiceException e, String where) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        String message = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
        String said = (code == null ? "HTTP " + e.statusCode() : code + " (HTTP " + e.statusCode() + ")")
                + (message == null ? "" : ": " + message);
        int status = e.statusCode();
        if ((code != null && CREDENTIAL_ERRORS.contains(code)) || status == 401 || status == 403) {
            return new InferenceUnavailableException(where + " refused our credentials: " + said, e);
        }
        if (status == 404 || (e instanceof ValidationErrorException && namesUnknownEndpoint(message))) {
            return new InferenceUnavailableException(where + " does not exist: " + said, e);
        }
        if (e.isThrottlingException() || status == 429) {
            return new InferenceException(where + " is still throttling" + attempts(e) + ": " + said, true, true, e);
        }
        if (status >= 500) {
            return new InferenceException(where + " is still failing" + attempts(e) + ": " + said, true, e);
        }
        return new InferenceException(where + " rejected the request: " + said, false, e);
    }

    /** SageMaker says "Endpoint <name> of account <id> not found." (and the like for inference components). */
    private static boolean namesUnknownEndpoint(String message) {
        String lower = message == null ? "" : message.toLowerCase(Locale.ROOT);
        return lower.contains("not found") && (lower.contains("endpoint") || lower.contains("inference component"));
    }

    private static String modelMessage(ModelErrorException e) {
        StringBuilder text = new StringBuilder(e.awsErrorDetails() == null ? e.getMessage()
                : String.valueOf(e.awsErrorDetails().errorMessage()));
        if (e.originalStatusCode() != null) {
            text.append(" (the container answered ").append(e.originalStatusCode());
            if (e.originalMessage() != null && !e.originalMessage().isBlank()) {
                text.append(": ").append(e.originalMessage());
            }
            text.append(')');
        }
        if (e.logStreamArn() != null) {
            text.append("; logs: ").append(e.logStreamArn());
        }
        return text.toString();
    }

    private static String attempts(RuntimeException e) {
        Integer attempts = e instanceof SdkException sdk ? sdk.numAttempts() : null;
        return attempts == null || attempts <= 1 ? "" : " after " + attempts + " attempts";
    }

    /**
     * A connection that was never made within the connect time-out (packets dropped by a firewall):
     * Apache's ConnectTimeoutException, named rather than imported to keep the HTTP client's types out.
     */
    private static boolean connectTimedOut(Throwable e) {
        Throwable cause = e;
        for (int depth = 0; cause != null && depth < MAX_CAUSES; depth++, cause = cause.getCause()) {
            if (cause.getClass().getSimpleName().equals("ConnectTimeoutException")
                    || cause instanceof java.net.SocketTimeoutException && String.valueOf(cause.getMessage())
                            .startsWith("Connect timed out")) {
                return true;
            }
        }
        return false;
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        Throwable cause = e;
        for (int depth = 0; cause != null && depth < MAX_CAUSES; depth++, cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        for (int depth = 0; root.getCause() != null && depth < MAX_CAUSES; depth++) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
