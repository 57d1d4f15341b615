package dev.mlpipeline.sagemaker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlpipeline.core.service.PipelineSettings;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class SageMakerSettingsTest {
    private static final SageMakerSettings DEFAULTS = SageMakerSettings.of("yolo-v8", "eu-west-1");

    @Test
    void hasTheOriginsFormatAndSensibleLimitsByDefault() {
        assertEquals(Optional.empty(), DEFAULTS.endpointUrl());
        assertEquals(Duration.ofSeconds(10), DEFAULTS.requestTimeout());
        assertEquals(3, DEFAULTS.maxAttempts());
        assertEquals(PipelineSettings.DEFAULT_MAX_IN_FLIGHT, DEFAULTS.maxInFlight());
        assertEquals(640, DEFAULTS.modelInputSize());
        assertEquals("json", DEFAULTS.codec());
        assertEquals(85, DEFAULTS.jpegQuality());
        assertEquals(Duration.ofMillis(100), DEFAULTS.retryBaseDelay());
        assertEquals(Duration.ofSeconds(5), DEFAULTS.retryMaxDelay());
    }

    @Test
    void boundsAWholeCallByEveryAttemptAndBackoff() {
        assertEquals(Duration.ofSeconds(40), DEFAULTS.callTimeout()); // 3 x 10 s + 2 x 5 s
    }

    @Test
    void normalisesTheCodecName() {
        assertEquals("jpeg", DEFAULTS.withCodec("JPEG").codec());
    }

    @Test
    void refusesInvalidSettingsSayingWhatIsWrong() {
        refuses("endpointName is required", s -> SageMakerSettings.of(" ", "eu-west-1"));
        refuses("not a SageMaker endpoint name", s -> SageMakerSettings.of("my_endpoint", "eu-west-1"));
        refuses("region is required", s -> SageMakerSettings.of("yolo", ""));
        refuses("not an AWS region name", s -> SageMakerSettings.of("yolo", "EU West"));
        refuses("http(s) URL with a host", s -> s.withEndpointUrl(URI.create("ftp://example.com")));
        refuses("http(s) URL with a host", s -> s.withEndpointUrl(URI.create("localhost:8080")));
        refuses("requestTimeout must be positive", s -> s.withRequestTimeout(Duration.ZERO));
        refuses("maxAttempts must be in [1, 10]", s -> s.withMaxAttempts(0));
        refuses("maxInFlight must be in [1, 256]", s -> s.withMaxInFlight(0));
        refuses("modelInputSize must be in [0, 8192]", s -> s.withModelInputSize(-1));
        refuses("codec must be one of [json, jpeg]", s -> s.withCodec("protobuf"));
        refuses("jpegQuality must be in [1, 100]", s -> s.withJpegQuality(101));
        refuses("retry delays", s -> s.withRetryDelays(Duration.ofSeconds(2), Duration.ofSeconds(1)));
    }

    private static void refuses(String expected, UnaryOperator<SageMakerSettings> change) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> change.apply(DEFAULTS));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
