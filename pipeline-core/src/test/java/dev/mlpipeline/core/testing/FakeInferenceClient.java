package dev.mlpipeline.core.testing;

import dev.mlpipeline.core.domain.Detection;
import dev.mlpipeline.core.port.InferenceClient;
import dev.mlpipeline.core.port.VideoFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** An {@link InferenceClient} that answers from a function of the frame and records what it was asked. */
public class FakeInferenceClient implements InferenceClient {
    private final Function<VideoFrame, List<Detection>> answer;
    private final List<Long> askedFrames = new ArrayList<>();

    public FakeInferenceClient(Function<VideoFrame, List<Detection>> answer) {
        this.answer = answer;
    }

    public static FakeInferenceClient always(List<Detection> detections) {
        return new FakeInferenceClient(frame -> detections);
    }

    @Override
    public List<Detection> detect(VideoFrame frame) {
        synchronized (askedFrames) {
            askedFrames.add(frame.index());
        }
        return answer.apply(frame);
    }

    @Override
    public String describe() {
        return "fake";
    }

    public List<Long> askedFrames() {
        synchronized (askedFrames) {
            return List.copyOf(askedFrames);
        }
    }
}
