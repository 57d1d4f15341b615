package dev.mlpipeline.sagemaker;

import static dev.mlpipeline.sagemaker.SageMakerTesting.CREDENTIALS;
import static dev.mlpipeline.sagemaker.SageMakerTesting.clientFor;
import static dev.mlpipeline.sagemaker.SageMakerTesting.settingsFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlpipeline.core.domain.BoundingBox;
import dev.mlpipeline.core.domain.Detection;
import dev.mlpipeline.core.port.VideoFrame;
import dev.mlpipeline.sagemaker.FakeSageMakerEndpoint.ReceivedRequest;
import dev.mlpipeline.sagemaker.FakeSageMakerEndpoint.Reply;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class SageMakerInferenceClientTest {
    private static final Detection PERSON = new Detection("person", 0.91, new BoundingBox(10, 20, 110, 220));
    private static final Detection DOG = new Detection("dog", 0.5, new BoundingBox(200, 100, 260, 180));

    private final FakeSageMakerEndpoint endpoint = FakeSageMakerEndpoint.start("yolo-endpoint");

    @AfterEach
    void stop() {
        endpoint.close();
    }

    @Test
    void sendsTheFrameAsTheOriginDoesAndReturnsThePredictionsExactly() {
        endpoint.reply(Reply.predictions(PERSON, DOG));
        try (SageMakerInferenceClient client = clientFor(endpoint)) {
            assertEquals(List.of(PERSON, DOG), client.detect(TestFrames.grey(640, 360)));
        }
        ReceivedRequest request = endpoint.requests().get(0);
        assertEquals("/endpoints/yolo-endpoint/invocations", request.path());
        assertEquals("application/json", request.contentType());
        assertEquals("application/json", request.header("Accept"));
        assertEquals(640, request.imageWidth());
        assertEquals(360, request.imageHeight());
        assertTrue(request.authorization().contains("Credential=" + SageMakerTesting.ACCESS_KEY + "/"),
                request.authorization());
        assertTrue(request.authorization().contains("/eu-west-1/sagemaker/aws4_request"), request.authorization());
        assertEquals(List.of(), endpoint.protocolErrors());
    }

    @Test
    void readsABareListOfPredictionsToo() {
        endpoint.reply(Reply.bareList(PERSON));
        try (SageMakerInferenceClient client = clientFor(endpoint)) {
            assertEquals(List.of(PERSON), client.detect(TestFrames.grey(320, 240)));
        }
    }

    @Test
    void anEmptyPredictionListIsNoDetections() {
        endpoint.reply(Reply.json("{\"predictions\": []}"), Reply.json("[]"));
        try (SageMakerInferenceClient client = clientFor(endpoint)) {
            assertEquals(List.of(), client.detect(TestFrames.grey(32, 32)));
            assertEquals(List.of(), client.detect(TestFrames.grey(32, 32)));
        }
    }

    @Test
    void shrinksALargeFrameToTheModelInputSizeAndMapsTheBoxesBackToTheFrame() {
        // the model sees 640x360 and answers in those pixels; the frame is 1920x1080, three times larger
        endpoint.reply(Reply.predictions(new Detection("car", 0.8, new BoundingBox(100, 50, 200, 150))));
        try (SageMakerInferenceClient client = clientFor(endpoint)) {
            List<Detection> found = client.detect(TestFrames.grey(1920, 1080));
            assertEquals(List.of(new Detection("car", 0.8, new BoundingBox(300, 150, 600, 450))), found);
        }
        ReceivedRequest request = endpoint.requests().get(0);
        assertEquals(640, request.imageWidth());
        assertEquals(360, request.imageHeight());
    }

    @Test
    void shrinksAPortraitFrameByItsLongSide() {
        endpoint.reply(Reply.predictions(new Detection("cat", 0.7, new BoundingBox(0, 0, 240, 320))));
        try (SageMakerInferenceClient client = SageMakerInferenceClient.create(
                settingsFor(endpoint).withModelInputSize(320), CREDENTIALS)) {
            List<Detection> found = client.detect(TestFrames.grey(720, 960));
            assertEquals(List.of(new Detection("cat", 0.7, new BoundingBox(0, 0, 720, 960))), found);
        }
        assertEquals(240, endpoint.requests().get(0).imageWidth());
        assertEquals(320, endpoint.requests().get(0).imageHeight());
    }

    @Test
    void sendsFramesAsTheyAreWhenShrinkingIsOff() {
        try (SageMakerInferenceClient client = SageMakerInferenceClient.create(
                settingsFor(endpoint).withModelInputSize(0), CREDENTIALS)) {
            client.detect(TestFrames.grey(1280, 720));
        }
        assertEquals(1280, endpoint.requests().get(0).imageWidth());
        assertEquals(720, endpoint.requests().get(0).imageHeight());
    }

    @Test
    void sendsTheFramesColoursNotItsChannelsSwapped() {
        try (SageMakerInferenceClient client = clientFor(endpoint)) {
            client.detect(TestFrames.solid(64, 48, 0, 0, 255)); // pure red in BGR order
        }
        int rgb = endpoint.requests().get(0).image().getRGB(32, 24);
        int red = (rgb >> 16) & 0xff;
        int green = (rgb >> 8) & 0xff;
        int blue = rgb & 0xff;
        assertTrue(red > 240 && green < 20 && blue < 20, "expected red, got rgb " + red + "," + green + "," + blue);
    }

    @Test
    void theRawJpegCodecSendsTheJpegAsImageJpeg() {
        endpoint.reply(Reply.predictions(PERSON));
        try (SageMakerInferenceClient client = SageMakerInferenceClient.create(
                settingsFor(endpoint).withCodec("jpeg"), CREDENTIALS)) {
            assertEquals(List.of(PERSON), client.detect(TestFrames.grey(320, 240)));
        }
        ReceivedRequest request = endpoint.requests().get(0);
        assertEquals("image/jpeg", request.contentType());
        assertEquals(0xFF, request.body()[0] & 0xff);
        assertEquals(0xD8, request.body()[1] & 0xff);
        assertEquals(320, request.imageWidth());
        assertEquals(List.of(), endpoint.protocolErrors());
    }

    @Test
    void clampsBoxesToTheFrameAndDropsThoseOutsideIt() {
        endpoint.reply(Reply.json("{\"predictions\": ["
                + "{\"class_name\": \"edge\", \"confidence\": 0.9, \"bbox\": {\"x1\": -20, \"y1\": 300, \"x2\": 50, \"y2\": 900}},"
                + "{\"class_name\": \"outside\", \"confidence\": 0.9, \"bbox\": {\"x1\": 700, \"y1\": 10, \"x2\": 800, \"y2\": 50}},"
                + "{\"class_name\": \"swapped\", \"confidence\": 0.9, \"bbox\": {\"x1\": 60, \"y1\": 40, \"x2\": 10, \"y2\": 20}}]}"));
        try (SageMakerInferenceClient client = clientFor(endpoint)) {
            assertEquals(List.of(new Detection("edge", 0.9, new BoundingBox(0, 300, 50, 360)),
                            new Detection("swapped", 0.9, new BoundingBox(10, 20, 60, 40))),
                    client.detect(TestFrames.grey(640, 360)));
        }
    }

    @Test
    void dropsNonFiniteConfidencesAndClampsThoseJustOutsideTheRange() {
        endpoint.reply(Reply.predictions(new Detection("nan", Double.NaN, PERSON.box()),
                new Detection("inf", Double.POSITIVE_INFINITY, PERSON.box()),
                new Detection("over", 1.0000001, PERSON.box()),
                new Detection("under", -0.01, PERSON.box())));
        try (SageMakerInferenceClient client = clientFor(endpoint)) {
            assertEquals(List.of(new Detection("over", 1.0, PERSON.box()), new Detection("under", 0.0, PERSON.box())),
                    client.detect(TestFrames.grey(640, 360)));
        }
    }

    @Test
    void describesItselfByEndpointAndReportsMaxInFlightAsItsConcurrency() {
        try (SageMakerInferenceClient client = SageMakerInferenceClient.create(
                settingsFor(endpoint).withMaxInFlight(7), CREDENTIALS)) {
            assertEquals("sagemaker:yolo-endpoint", client.describe());
            assertEquals(7, client.maxConcurrency());
        }
    }

    @Test
    void aFrameOfOneByOnePixelsStillGoesThrough() {
        VideoFrame tiny = TestFrames.grey(1, 1);
        try (SageMakerInferenceClient client = clientFor(endpoint)) {
            assertEquals(List.of(), client.detect(tiny));
        }
        assertEquals(1, endpoint.requests().get(0).imageWidth());
    }
}
