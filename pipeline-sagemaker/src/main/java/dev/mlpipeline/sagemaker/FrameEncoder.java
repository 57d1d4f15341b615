package dev.mlpipeline.sagemaker;

import dev.mlpipeline.core.port.InferenceException;
import dev.mlpipeline.core.port.JpegEncoder;
import dev.mlpipeline.core.port.VideoFrame;

/**
 * Turns a frame into the JPEG the model sees: shrunk so that its long side is at most
 * {@code modelInputSize} (0 = never), since the model resizes to its input anyway and a smaller body
 * is faster to send and stays far below SageMaker's payload limit. Thread-safe.
 */
final class FrameEncoder {
    private final int modelInputSize;
    private final int quality;
    private final JpegEncoder jpeg;

    FrameEncoder(int modelInputSize, int jpegQuality, JpegEncoder jpeg) {
        this.modelInputSize = modelInputSize;
        this.quality = jpegQuality;
        this.jpeg = jpeg;
    }

    /** The JPEG and the size of the image in it, which is the space the model's boxes come back in. */
    record Encoded(byte[] jpeg, int width, int height) {
    }

    Encoded encode(VideoFrame frame) {
        int width = frame.width();
        int height = frame.height();
        int longSide = Math.max(width, height);
        if (modelInputSize > 0 && longSide > modelInputSize) {
            double scale = (double) modelInputSize / longSide;
            width = Math.max(1, (int) Math.round(width * scale));
            height = Math.max(1, (int) Math.round(height * scale));
        }
        try {
            return new Encoded(jpeg.encode(frame, width, height, quality), width, height);
        } catch (RuntimeException e) {
            throw new InferenceException("could not encode the frame as JPEG: " + e.getMessage(), false, e);
        }
    }
}
