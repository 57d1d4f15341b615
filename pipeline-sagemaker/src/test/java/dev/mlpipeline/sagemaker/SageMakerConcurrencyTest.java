package dev.mlpipeline.sagemaker;

import static dev.mlpipeline.sagemaker.SageMakerTesting.CREDENTIALS;
import static dev.mlpipeline.sagemaker.SageMakerTesting.settingsFor;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mlpipeline.core.domain.BoundingBox;
import dev.mlpipeline.core.domain.Detection;
import dev.mlpipeline.sagemaker.FakeSageMakerEndpoint.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class SageMakerConcurrencyTest {
    private static final Detection PERSON = new Detection("person", 0.9, new BoundingBox(1, 2, 30, 40));

    private final FakeSageMakerEndpoint endpoint = FakeSageMakerEndpoint.start("yolo");
    private final ExecutorService callers = Executors.newFixedThreadPool(8);

    @AfterEach
    void stop() {
        callers.shutdownNow();
        endpoint.close();
    }

    @Test
    void requestsUpToMaxInFlightOverlapOnTheEndpoint() throws Exception {
        endpoint.otherwise(Reply.predictions(PERSON).after(Duration.ofMillis(400)));
        try (SageMakerInferenceClient client = SageMakerInferenceClient.create(
                settingsFor(endpoint).withMaxInFlight(4), CREDENTIALS)) {
            List<Detection> all = detectAtOnce(client, 4);
            assertEquals(List.of(PERSON, PERSON, PERSON, PERSON), all);
        }
        assertEquals(4, endpoint.maxConcurrentRequests());
    }

    @Test
    void moreCallersThanMaxInFlightWaitForAConnectionInsteadOfOpeningMore() throws Exception {
        endpoint.otherwise(Reply.predictions(PERSON).after(Duration.ofMillis(200)));
        try (SageMakerInferenceClient client = SageMakerInferenceClient.create(
                settingsFor(endpoint).withMaxInFlight(2), CREDENTIALS)) {
            assertEquals(6, detectAtOnce(client, 6).size());
        }
        assertEquals(2, endpoint.maxConcurrentRequests());
        assertEquals(6, endpoint.requestCount());
    }

    private List<Detection> detectAtOnce(SageMakerInferenceClient client, int calls) throws Exception {
        List<Future<List<Detection>>> futures = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            futures.add(callers.submit(() -> client.detect(TestFrames.grey(64, 48))));
        }
        List<Detection> all = new ArrayList<>();
        for (Future<List<Detection>> future : futures) {
            all.addAll(future.get());
        }
        return all;
    }
}
