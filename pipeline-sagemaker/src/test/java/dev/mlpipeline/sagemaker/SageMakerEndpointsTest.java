package dev.mlpipeline.sagemaker;

import static dev.mlpipeline.sagemaker.SageMakerTesting.CREDENTIALS;
import static dev.mlpipeline.sagemaker.SageMakerTesting.settingsFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlpipeline.core.domain.BoundingBox;
import dev.mlpipeline.core.domain.Detection;
import dev.mlpipeline.core.domain.EndpointStats;
import dev.mlpipeline.core.port.InferenceClient;
import dev.mlpipeline.core.port.InferenceException;
import dev.mlpipeline.core.port.InferenceUnavailableException;
import dev.mlpipeline.sagemaker.FakeSageMakerEndpoint.Reply;
import dev.mlpipeline.sagemaker.SageMakerEndpoints.Category;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Several endpoints, one per category, over real HTTP: the runtime's InvokeEndpoint for each and the
 * control plane's DescribeEndpoint, with one endpoint slow, one failing and one updating.
 */
@Timeout(60)
class SageMakerEndpointsTest {
    private static final Detection LAMP = new Detection("street_lamp", 0.9, new BoundingBox(2, 2, 10, 20));
    private static final Detection CRACK = new Detection("crack", 0.7, new BoundingBox(5, 30, 40, 44));

    private final FakeSageMakerEndpoint server = FakeSageMakerEndpoint.start("rr-lighting")
            .otherwise(Reply.json("{\"success\": true, \"detections\": [{\"class_name\": \"street_lamp\","
                    + " \"confidence\": 0.9, \"bbox\": {\"x1\": 2, \"y1\": 2, \"x2\": 10, \"y2\": 20}}]}"));
    private final ExecutorService callers = Executors.newFixedThreadPool(8);

    @AfterEach
    void stop() {
        callers.shutdownNow();
        server.close();
    }

    private SageMakerEndpoints endpoints(int maxRequests, Category... categories) {
        return SageMakerEndpoints.create(List.of(categories), settingsFor(server).withMaxAttempts(1), maxRequests,
                Optional.of(server.url()), CREDENTIALS);
    }

    private static Function<FakeSageMakerEndpoint.ReceivedRequest, Reply> always(Reply reply) {
        return request -> reply;
    }

    @Test
    void eachFrameGoesToEveryEndpointInServiceAndItsDetectionsCarryTheirCategory() {
        server.also("rr-pavement", always(Reply.predictions(CRACK).after(Duration.ofMillis(300))))
                .also("rr-its", always(Reply.json("{\"success\": false, \"error\": \"CUDA out of memory\"}")))
                .also("rr-oia", always(Reply.predictions(LAMP)))
                .status("rr-oia", "Updating");
        try (SageMakerEndpoints endpoints = endpoints(8, new Category("lighting", "rr-lighting"),
                new Category("pavement", "rr-pavement"), new Category("its", "rr-its"),
                new Category("oia", "rr-oia"))) {
            InferenceClient run = endpoints.forVideo();

            List<Detection> found = run.detect(TestFrames.grey(64, 48));

            assertEquals(List.of(LAMP.inCategory("lighting"), CRACK.inCategory("pavement")), found);
            Map<String, EndpointStats> stats = run.endpointStats().stream()
                    .collect(Collectors.toMap(EndpointStats::category, s -> s));
            assertEquals(1, stats.get("lighting").answered());
            assertEquals(1, stats.get("pavement").answered());
            assertTrue(stats.get("pavement").meanMillis() >= 300, "the slow one's latency: " + stats.get("pavement"));
            assertEquals(0, stats.get("its").answered());
            assertEquals(1, stats.get("its").failed());
            assertTrue(stats.get("its").lastError().contains("CUDA out of memory"), stats.get("its").lastError());
            assertEquals("endpoint is Updating", stats.get("oia").leftOut());
            assertTrue(stats.get("oia").warning().contains("oia (endpoint rr-oia) was left out"));
            assertNull(stats.get("lighting").warning());
        }
        List<String> asked = server.requests().stream().map(FakeSageMakerEndpoint.ReceivedRequest::path).sorted()
                .toList();
        assertEquals(List.of("/endpoints/rr-its/invocations", "/endpoints/rr-lighting/invocations",
                "/endpoints/rr-pavement/invocations"), asked, "nothing sent to the updating endpoint");
        assertEquals(1, server.requests().stream().map(r -> Arrays.hashCode(r.body())).distinct().count(),
                "one body, encoded once, for every endpoint");
        assertEquals(List.of(), server.protocolErrors());
    }

    @Test
    void theEndpointsOfOneFrameAreAskedAtOnce() {
        server.otherwise(Reply.predictions(LAMP).after(Duration.ofMillis(400)))
                .also("rr-pavement", always(Reply.predictions(CRACK).after(Duration.ofMillis(400))))
                .also("rr-its", always(Reply.predictions().after(Duration.ofMillis(400))));
        try (SageMakerEndpoints endpoints = endpoints(6, new Category("lighting", "rr-lighting"),
                new Category("pavement", "rr-pavement"), new Category("its", "rr-its"))) {
            assertEquals(2, endpoints.forVideo().detect(TestFrames.grey(64, 48)).size());
        }
        assertEquals(3, server.maxConcurrentRequests());
    }

    @Test
    void requestsInFlightAcrossFramesAndEndpointsStayWithinTheBound() throws Exception {
        server.otherwise(Reply.predictions(LAMP).after(Duration.ofMillis(150)))
                .also("rr-pavement", always(Reply.predictions(CRACK).after(Duration.ofMillis(150))))
                .also("rr-its", always(Reply.predictions().after(Duration.ofMillis(150))));
        try (SageMakerEndpoints endpoints = endpoints(4, new Category("lighting", "rr-lighting"),
                new Category("pavement", "rr-pavement"), new Category("its", "rr-its"))) {
            InferenceClient run = endpoints.forVideo();
            List<Future<List<Detection>>> frames = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                frames.add(callers.submit(() -> run.detect(TestFrames.grey(64, 48))));
            }
            for (Future<List<Detection>> frame : frames) {
                assertEquals(2, frame.get().size());
            }
            assertEquals(18, server.requestCount());
            assertEquals(4, server.maxConcurrentRequests());
            assertEquals(1, endpoints.maxConcurrency(), "4 requests make one frame of three endpoints at a time");
        }
    }

    @Test
    void aFrameFailsOnlyWhenNoEndpointAnswersItAndTheErrorNamesEachCategory() {
        server.otherwise(Reply.json("{\"success\": false, \"message\": \"weights not loaded\"}"))
                .also("rr-pavement", always(Reply.error(400, "ValidationError", "Unable to decode the input image")));
        try (SageMakerEndpoints endpoints = endpoints(4, new Category("lighting", "rr-lighting"),
                new Category("pavement", "rr-pavement"))) {
            InferenceException e = assertThrows(InferenceException.class,
                    () -> endpoints.forVideo().detect(TestFrames.grey(64, 48)));
            assertFalse(e instanceof InferenceUnavailableException);
            assertFalse(e.throttled(), "a broken model is not a busy one");
            assertTrue(e.getMessage().contains("lighting: the model reported a failure: weights not loaded"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("pavement: "), e.getMessage());
        }
    }

    @Test
    void aFrameThatEveryEndpointRefusedForLoadSaysItWasThrottledAndOneThatOnlySomeDidDoesNot() {
        server.otherwise(Reply.throttling()).also("rr-pavement", always(Reply.tooManyRequests()));
        try (SageMakerEndpoints endpoints = endpoints(4, new Category("lighting", "rr-lighting"),
                new Category("pavement", "rr-pavement"))) {
            InferenceException e = assertThrows(InferenceException.class,
                    () -> endpoints.forVideo().detect(TestFrames.grey(64, 48)));
            assertTrue(e.throttled(), e.getMessage());
        }
        server.also("rr-pavement", always(Reply.error(400, "ValidationError", "Unable to decode the input image")));
        try (SageMakerEndpoints endpoints = endpoints(4, new Category("lighting", "rr-lighting"),
                new Category("pavement", "rr-pavement"))) {
            InferenceException e = assertThrows(InferenceException.class,
                    () -> endpoints.forVideo().detect(TestFrames.grey(64, 48)));
            assertFalse(e.throttled(), e.getMessage());
        }
    }

    @Test
    void withNoEndpointInServiceTheModelIsNotReadyAndAFrameCannotBeAnalysed() {
        server.status("rr-lighting", "Creating").also("rr-pavement", always(Reply.predictions(CRACK)))
                .status("rr-pavement", "Failed");
        try (SageMakerEndpoints endpoints = endpoints(4, new Category("lighting", "rr-lighting"),
                new Category("pavement", "rr-pavement"))) {
            InferenceClient.Readiness readiness = endpoints.readiness();

            assertFalse(readiness.usable());
            assertEquals("no endpoint is in service (lighting=rr-lighting: Creating, pavement=rr-pavement: Failed)",
                    readiness.detail());
            assertThrows(InferenceUnavailableException.class, () -> endpoints.forVideo().detect(TestFrames.grey(64, 48)));
        }
        assertEquals(0, server.requestCount());
    }

    @Test
    void theOriginsSingleEndpointKeepsItsDetectionsWithoutACategoryAndReportsNoEndpointStats() {
        server.otherwise(Reply.predictions(LAMP));
        try (SageMakerEndpoints endpoint = SageMakerEndpoints.create(List.of(new Category(null, "rr-lighting")),
                settingsFor(server), 4, Optional.of(server.url()), CREDENTIALS)) {
            InferenceClient run = endpoint.forVideo();
            assertEquals(List.of(LAMP), run.detect(TestFrames.grey(64, 48)));
            assertEquals(List.of(), run.endpointStats());
            assertEquals("sagemaker:rr-lighting", endpoint.describe());
            assertEquals("rr-lighting: InService", endpoint.readiness().detail());
        }
    }

    @Test
    void anEndpointTheControlPlaneDoesNotKnowIsLeftOut() {
        try (SageMakerEndpoints endpoints = endpoints(4, new Category("lighting", "rr-lighting"),
                new Category("its", "rr-typo"))) {
            InferenceClient run = endpoints.forVideo();
            assertEquals(List.of(LAMP.inCategory("lighting")), run.detect(TestFrames.grey(64, 48)));
            assertEquals("endpoint is NotFound", run.endpointStats().get(1).leftOut());
        }
    }

    @Test
    void aControlPlaneThatDoesNotAnswerDoesNotHoldUpTheStart() throws Exception {
        // accepts connections (the kernel's backlog does) but never answers: each status read waits seconds
        try (ServerSocket silent = new ServerSocket(0)) {
            long start = System.nanoTime();
            try (SageMakerEndpoints endpoints = SageMakerEndpoints.create(List.of(new Category("lighting",
                    "rr-lighting"), new Category("its", "rr-its")), settingsFor(server), 4,
                    Optional.of(java.net.URI.create("http://127.0.0.1:" + silent.getLocalPort())), CREDENTIALS)) {
                assertTrue(System.nanoTime() - start < Duration.ofSeconds(2).toNanos(), "created without waiting");
                assertTrue(endpoints.readiness().detail().contains("unknown: "), "then read, and not known");
            }
        }
    }

    @Test
    void categoriesAreCheckedWhenTheyAreMade() {
        assertThrows(IllegalArgumentException.class, () -> new Category("Lighting!", "rr-lighting"));
        assertThrows(IllegalArgumentException.class, () -> endpoints(4, new Category("its", "rr-lighting"),
                new Category("its", "rr-its")));
    }
}
