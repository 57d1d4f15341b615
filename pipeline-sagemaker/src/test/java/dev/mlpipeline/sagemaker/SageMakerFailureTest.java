package dev.mlpipeline.sagemaker;

import static dev.mlpipeline.sagemaker.SageMakerTesting.CREDENTIALS;
import static dev.mlpipeline.sagemaker.SageMakerTesting.clientFor;
import static dev.mlpipeline.sagemaker.SageMakerTesting.settingsFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlpipeline.core.domain.BoundingBox;
import dev.mlpipeline.core.domain.Detection;
import dev.mlpipeline.core.port.InferenceException;
import dev.mlpipeline.core.port.InferenceUnavailableException;
import dev.mlpipeline.sagemaker.FakeSageMakerEndpoint.Reply;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;

/** Every way a call can fail, and what the worker gets to see of it. */
@Timeout(30)
class SageMakerFailureTest {
    private static final Detection PERSON = new Detection("person", 0.9, new BoundingBox(1, 2, 30, 40));

    private final FakeSageMakerEndpoint endpoint = FakeSageMakerEndpoint.start("yolo");

    @AfterEach
    void stop() {
        endpoint.close();
    }

    @Test
    void throttledTwice_thenAnswered_succeedsOnTheThirdRequest() {
        endpoint.reply(Reply.throttling(), Reply.throttling(), Reply.predictions(PERSON));
        assertEquals(List.of(PERSON), detectOnce());
        assertEquals(3, endpoint.requestCount());
    }

    @Test
    void aBare429IsRetriedLikeThrottling() {
        endpoint.reply(Reply.tooManyRequests(), Reply.predictions(PERSON));
        assertEquals(List.of(PERSON), detectOnce());
        assertEquals(2, endpoint.requestCount());
    }

    @Test
    void serverErrorsAreRetried() {
        endpoint.reply(Reply.internalFailure(), Reply.serviceUnavailable(), Reply.predictions(PERSON));
        assertEquals(List.of(PERSON), detectOnce());
        assertEquals(3, endpoint.requestCount());
    }

    @Test
    void aDroppedConnectionIsRetried() {
        endpoint.reply(Reply.dropConnection(), Reply.predictions(PERSON));
        assertEquals(List.of(PERSON), detectOnce());
        assertEquals(2, endpoint.requestCount());
    }

    @Test
    void givenThrottlingThatDoesNotStop_thenTheFrameFailsRetryablyAfterMaxAttempts() {
        endpoint.otherwise(Reply.throttling());
        InferenceException failure = assertThrows(InferenceException.class, this::detectOnce);
        assertTrue(failure.retryable());
        assertFalse(failure instanceof InferenceUnavailableException);
        assertTrue(failure.getMessage().contains("ThrottlingException"), failure.getMessage());
        assertTrue(failure.throttled(), "the pipeline sends fewer at once on this");
        assertEquals(3, endpoint.requestCount());
    }

    @Test
    void givenA503ThatDoesNotStop_thenTheFrameFailsRetryablyAfterMaxAttempts() {
        endpoint.otherwise(Reply.serviceUnavailable());
        InferenceException failure = assertThrows(InferenceException.class, this::detectOnce);
        assertTrue(failure.retryable());
        assertTrue(failure.getMessage().contains("503"), failure.getMessage());
        assertFalse(failure.throttled(), "a failing server is not a busy one");
        assertEquals(3, endpoint.requestCount());
    }

    @Test
    void givenA429ThatDoesNotStop_thenTheFrameFailsRetryablyAfterMaxAttempts() {
        endpoint.otherwise(Reply.tooManyRequests());
        InferenceException failure = assertThrows(InferenceException.class, this::detectOnce);
        assertTrue(failure.retryable());
        assertTrue(failure.getMessage().contains("429"), failure.getMessage());
        assertTrue(failure.throttled());
        assertEquals(3, endpoint.requestCount());
    }

    @Test
    void aValidationErrorFailsTheFrameWithoutRetrying() {
        endpoint.otherwise(Reply.error(400, "ValidationError", "Request body too large"));
        InferenceException failure = assertThrows(InferenceException.class, this::detectOnce);
        assertFalse(failure.retryable());
        assertFalse(failure instanceof InferenceUnavailableException);
        assertTrue(failure.getMessage().contains("Request body too large"), failure.getMessage());
        assertEquals(1, endpoint.requestCount());
    }

    @Test
    void givenConnectionsThatKeepDropping_thenTheFrameFailsRetryably() {
        endpoint.otherwise(Reply.dropConnection());
        InferenceException failure = assertThrows(InferenceException.class, this::detectOnce);
        assertTrue(failure.retryable());
        assertFalse(failure instanceof InferenceUnavailableException);
        assertEquals(3, endpoint.requestCount());
    }

    @Test
    void aModelErrorIsNotRetriedAndCarriesTheContainersMessage() {
        endpoint.otherwise(Reply.modelError(500, "CUDA out of memory"));
        InferenceException failure = assertThrows(InferenceException.class, this::detectOnce);
        assertFalse(failure.retryable());
        assertFalse(failure instanceof InferenceUnavailableException);
        assertTrue(failure.getMessage().contains("CUDA out of memory"), failure.getMessage());
        assertEquals(1, endpoint.requestCount());
    }

    @Test
    void malformedJsonFailsTheFrameWithoutRetrying() {
        endpoint.otherwise(Reply.json("{\"predictions\": [{\"class_name\": \"person\", "));
        InferenceException failure = assertThrows(InferenceException.class, this::detectOnce);
        assertFalse(failure.retryable());
        assertTrue(failure.getMessage().contains("malformed JSON"), failure.getMessage());
        assertEquals(1, endpoint.requestCount());
    }

    @Test
    void aResponseOfTheWrongShapeSaysWhatIsMissing() {
        endpoint.otherwise(Reply.json("{\"predictions\": [{\"class_name\": \"person\", \"confidence\": 0.9}]}"));
        InferenceException failure = assertThrows(InferenceException.class, this::detectOnce);
        assertFalse(failure.retryable());
        assertTrue(failure.getMessage().contains("\"bbox\""), failure.getMessage());
    }

    @Test
    void aSlowAnswerTimesOutPerAttemptAndIsRetried() {
        endpoint.reply(Reply.predictions().after(Duration.ofSeconds(5)), Reply.predictions(PERSON));
        try (SageMakerInferenceClient client = SageMakerInferenceClient.create(
                settingsFor(endpoint).withRequestTimeout(Duration.ofMillis(300)), CREDENTIALS)) {
            long start = System.nanoTime();
            assertEquals(List.of(PERSON), client.detect(TestFrames.grey(64, 48)));
            assertTrue(elapsed(start).compareTo(Duration.ofSeconds(3)) < 0, "took " + elapsed(start));
        }
        assertEquals(2, endpoint.requestCount());
    }

    @Test
    void givenAnEndpointThatNeverAnswersInTime_thenTheFrameFailsRetryablyAfterEveryAttemptTimedOut() {
        endpoint.otherwise(Reply.predictions().after(Duration.ofSeconds(10)));
        try (SageMakerInferenceClient client = SageMakerInferenceClient.create(
                settingsFor(endpoint).withRequestTimeout(Duration.ofMillis(200)).withMaxAttempts(2), CREDENTIALS)) {
            long start = System.nanoTime();
            InferenceException failure = assertThrows(InferenceException.class, () -> client.detect(TestFrames.grey(64, 48)));
            Duration took = elapsed(start);
            assertTrue(failure.retryable());
            assertTrue(failure.getMessage().contains("timed out"), failure.getMessage());
            assertTrue(took.compareTo(Duration.ofMillis(2000)) < 0, "took " + took);
        }
        assertEquals(2, endpoint.requestCount());
    }

    @Test
    void aClosedPortMakesTheEndpointUnavailablePromptly() throws IOException {
        URI closed = closedPort();
        SageMakerSettings settings = settingsFor(endpoint).withEndpointUrl(closed);
        try (SageMakerInferenceClient client = SageMakerInferenceClient.create(settings, CREDENTIALS)) {
            long start = System.nanoTime();
            InferenceException failure = assertThrows(InferenceException.class, () -> client.detect(TestFrames.grey(64, 48)));
            assertInstanceOf(InferenceUnavailableException.class, failure);
            assertTrue(elapsed(start).compareTo(Duration.ofSeconds(2)) < 0, "took " + elapsed(start));
            assertTrue(failure.getMessage().contains("cannot reach"), failure.getMessage());
        }
    }

    @Test
    void anUnknownEndpointNameMakesTheEndpointUnavailable() {
        SageMakerSettings settings = SageMakerSettings.of("no-such-endpoint", "eu-west-1")
                .withEndpointUrl(endpoint.url())
                .withRetryDelays(Duration.ofMillis(1), Duration.ofMillis(20));
        try (SageMakerInferenceClient client = SageMakerInferenceClient.create(settings, CREDENTIALS)) {
            InferenceException failure = assertThrows(InferenceException.class, () -> client.detect(TestFrames.grey(64, 48)));
            assertInstanceOf(InferenceUnavailableException.class, failure);
            assertTrue(failure.getMessage().contains("no-such-endpoint"), failure.getMessage());
        }
        assertEquals(1, endpoint.requestCount());
    }

    @Test
    void rejectedCredentialsMakeTheEndpointUnavailableWithoutShowingTheSecret() {
        endpoint.otherwise(Reply.error(400, "UnrecognizedClientException", "The security token included in the request is invalid."));
        InferenceException failure = assertThrows(InferenceException.class, this::detectOnce);
        assertInstanceOf(InferenceUnavailableException.class, failure);
        assertFalse(failure.getMessage().contains(SageMakerTesting.SECRET_KEY), failure.getMessage());
        assertEquals(1, endpoint.requestCount());
    }

    @Test
    void aBadSignatureMakesTheEndpointUnavailable() {
        endpoint.otherwise(Reply.error(403, "InvalidSignatureException", "The request signature we calculated does not match"));
        assertInstanceOf(InferenceUnavailableException.class, assertThrows(InferenceException.class, this::detectOnce));
    }

    @Test
    void noCredentialsAtAllMakeTheEndpointUnavailableBeforeAnyRequest() {
        AwsCredentialsProvider none = () -> {
            throw SdkClientException.create("Unable to load credentials from any of the providers in the chain");
        };
        try (SageMakerInferenceClient client = SageMakerInferenceClient.create(settingsFor(endpoint), none)) {
            InferenceException failure = assertThrows(InferenceException.class, () -> client.detect(TestFrames.grey(64, 48)));
            assertInstanceOf(InferenceUnavailableException.class, failure);
            assertTrue(failure.getMessage().contains("Unable to load credentials"), failure.getMessage());
        }
        assertEquals(0, endpoint.requestCount());
    }

    @Test
    void aBodyOverTheLimitIsRefusedBeforeSending() {
        // random pixels barely compress: 2000x1500 at quality 100 is far over 5 MB once in base64
        try (SageMakerInferenceClient client = SageMakerInferenceClient.create(
                settingsFor(endpoint).withModelInputSize(0).withJpegQuality(100), CREDENTIALS)) {
            InferenceException failure = assertThrows(InferenceException.class, () -> client.detect(TestFrames.noise(2000, 1500)));
            assertFalse(failure.retryable());
            assertTrue(failure.getMessage().contains("limit"), failure.getMessage());
        }
        assertEquals(0, endpoint.requestCount());
    }

    @Test
    void aNoiseFrameShrunkToTheModelInputSizeIsSentWellUnderTheBodyLimit() {
        try (SageMakerInferenceClient client = SageMakerInferenceClient.create(
                settingsFor(endpoint).withJpegQuality(100), CREDENTIALS)) {
            assertEquals(List.of(), client.detect(TestFrames.noise(2000, 1500)));
        }
        assertTrue(endpoint.requests().get(0).body().length < SageMakerInferenceClient.MAX_BODY_BYTES / 3);
    }

    private List<Detection> detectOnce() {
        try (SageMakerInferenceClient client = clientFor(endpoint)) {
            return client.detect(TestFrames.grey(64, 48));
        }
    }

    private static Duration elapsed(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /** A loopback port with nothing listening on it. */
    private static URI closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
    }
}
