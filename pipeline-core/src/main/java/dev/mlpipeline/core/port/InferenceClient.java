package dev.mlpipeline.core.port;

import dev.mlpipeline.core.domain.Detection;
import java.util.List;

/**
 * An object-detection model. Implementations say whether they are thread-safe; boxes are in pixels
 * of the frame that was passed in. Throws {@link InferenceException} when the frame could not be
 * analysed.
 */
public interface InferenceClient {

    List<Detection> detect(VideoFrame frame);

    /** A short description for health reports, such as {@code sagemaker:my-endpoint}. */
    String describe();
}
