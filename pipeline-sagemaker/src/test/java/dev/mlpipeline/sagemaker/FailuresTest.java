package dev.mlpipeline.sagemaker;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlpipeline.core.port.InferenceException;
import dev.mlpipeline.core.port.InferenceUnavailableException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.SdkClientException;

/** The cases a loopback server cannot stage: DNS, routing, interruption, odd exceptions. */
class FailuresTest {

    @Test
    void anUnknownHostIsUnavailable() {
        SdkClientException e = SdkClientException.create("Received an UnknownHostException", new UnknownHostException("runtime.sagemaker.xx-nowhere-1.amazonaws.com"));
        assertInstanceOf(InferenceUnavailableException.class, Failures.classify(e, "yolo"));
    }

    @Test
    void aConnectionThatTimesOutIsUnavailable() {
        SdkClientException e = SdkClientException.create("Unable to execute HTTP request",
                new org.apache.http.conn.ConnectTimeoutException("Connect to 10.1.2.3:443 failed: connect timed out"));
        assertInstanceOf(InferenceUnavailableException.class, Failures.classify(e, "yolo"));
    }

    @Test
    void noRouteToTheHostIsUnavailable() {
        SdkClientException e = SdkClientException.create("Unable to execute HTTP request", new NoRouteToHostException("No route to host"));
        assertInstanceOf(InferenceUnavailableException.class, Failures.classify(e, "yolo"));
    }

    @Test
    void accessDeniedIsUnavailable() {
        AwsServiceException e = AwsServiceException.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDeniedException")
                        .errorMessage("not authorized to perform: sagemaker:InvokeEndpoint").build())
                .build();
        assertInstanceOf(InferenceUnavailableException.class, Failures.classify(e, "yolo"));
    }

    @Test
    void anInterruptedCallIsNotRetryableAndKeepsTheThreadInterrupted() {
        try {
            InferenceException failure = Failures.classify(AbortedException.create("Thread was interrupted"), "yolo");
            assertFalse(failure.retryable());
            assertFalse(failure instanceof InferenceUnavailableException);
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void anythingElseIsANonRetryableFailureKeepingItsMessage() {
        InferenceException failure = Failures.classify(new IllegalStateException("surprise"), "yolo");
        assertFalse(failure.retryable());
        assertTrue(failure.getMessage().contains("surprise"), failure.getMessage());
    }

    @Test
    void aServerErrorWithoutDetailsIsRetryable() {
        AwsServiceException e = AwsServiceException.builder().statusCode(502).build();
        assertTrue(Failures.classify(e, "yolo").retryable());
    }
}
