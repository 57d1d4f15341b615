package dev.mlpipeline.video.detect;

import dev.mlpipeline.core.domain.Detection;
import dev.mlpipeline.core.port.InferenceClient;
import dev.mlpipeline.core.port.VideoFrame;
import java.util.List;

/**
 * Finds nothing, at once, without looking at the frame (so it is never converted to BGR): the whole
 * pipeline (decode, tracking, records, encode) with no inference, to measure or to re-encode. Stateless.
 */
final class NoDetector implements InferenceClient {
    @Override
    public List<Detection> detect(VideoFrame frame) {
        return List.of();
    }

    @Override
    public String describe() {
        return "none";
    }
}
