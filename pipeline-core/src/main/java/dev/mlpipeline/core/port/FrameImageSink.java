package dev.mlpipeline.core.port;

import dev.mlpipeline.core.domain.Detection;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Saves a sampled frame as an annotated image, as the survey front-end shows frames one by one.
 * Thread-safe. The image appears at its path in one step, never replacing a file already there
 * ({@link java.nio.file.FileAlreadyExistsException}); it need not be forced to disk: the caller forces
 * a run's images all at once when the run ends ({@link dev.mlpipeline.core.service.FileOps#force}).
 */
public interface FrameImageSink {
    /**
     * Draws {@code detections} on the frame and publishes it at {@code target}.
     *
     * @param frame the frame; not changed
     * @param detections the boxes to draw, in the frame's pixels; empty for none
     * @param target where the image appears
     * @throws java.nio.file.FileAlreadyExistsException when a file is at {@code target} already
     * @throws IOException when the image cannot be saved
     */
    void save(VideoFrame frame, List<Detection> detections, Path target) throws IOException;
}
