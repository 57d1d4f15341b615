package dev.mlpipeline.core.port;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mlpipeline.core.domain.BoundingBox;
import dev.mlpipeline.core.domain.Detection;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link InferenceClient#of}: a host's in-process model as a lambda. */
class InferenceClientTest {
    private static final VideoFrame FRAME = new VideoFrame(7, 0, 4, 2, new byte[4 * 2 * 3]);

    @Test
    void theLambdaAnswersForEachFrameUnderItsNameAndConcurrency() {
        Detection sign = new Detection("sign", 0.8, new BoundingBox(0, 0, 2, 2));
        InferenceClient model = InferenceClient.of("host:signs", 4, frame -> List.of(sign));

        assertEquals(List.of(sign), model.detect(FRAME));
        assertEquals("host:signs", model.describe());
        assertEquals(4, model.maxConcurrency());
        assertSame(model, model.forVideo());
    }

    @Test
    void whatTheLambdaThrowsFailsTheFrameAsAnInferenceError() {
        InferenceClient model = InferenceClient.of("host:broken", 1, frame -> {
            throw new IllegalStateException("out of GPU memory");
        });

        InferenceException e = assertThrows(InferenceException.class, () -> model.detect(FRAME));

        assertFalse(e.retryable());
        assertEquals("host:broken failed on frame 7: java.lang.IllegalStateException: out of GPU memory",
                e.getMessage());
    }

    @Test
    void aLambdaThatReturnsNoListFailsTheFrameAndABadConcurrencyIsRefused() {
        InferenceClient model = InferenceClient.of("host:null", 1, frame -> null);

        assertThrows(InferenceException.class, () -> model.detect(FRAME));
        assertThrows(IllegalArgumentException.class, () -> InferenceClient.of("host:none", 0, frame -> List.of()));
    }
}
