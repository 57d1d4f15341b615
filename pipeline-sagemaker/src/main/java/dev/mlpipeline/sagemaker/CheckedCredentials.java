package dev.mlpipeline.sagemaker;

import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * Passes credentials through, and marks a failure to get any so that {@link Failures} can tell
 * "no credentials" (the model is unusable) from a network error; the SDK reports both as a client
 * exception. The credentials themselves are never put in a message.
 */
final class CheckedCredentials implements AwsCredentialsProvider {
    private final AwsCredentialsProvider delegate;

    CheckedCredentials(AwsCredentialsProvider delegate) {
        this.delegate = delegate;
    }

    @Override
    public AwsCredentials resolveCredentials() {
        try {
            return delegate.resolveCredentials();
        } catch (RuntimeException e) {
            throw new CredentialsUnavailableException(e);
        }
    }

    @Override
    public String toString() {
        return delegate.toString();
    }

    static final class CredentialsUnavailableException extends RuntimeException {
        CredentialsUnavailableException(RuntimeException cause) {
            super("no AWS credentials: " + cause.getMessage(), cause);
        }
    }
}
