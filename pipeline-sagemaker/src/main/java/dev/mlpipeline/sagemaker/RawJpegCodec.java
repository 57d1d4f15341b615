package dev.mlpipeline.sagemaker;

import dev.mlpipeline.core.domain.Detection;
import java.util.List;
import software.amazon.awssdk.core.SdkBytes;

/**
 * The JPEG itself as an {@code image/jpeg} body, a third smaller than base64 in JSON; the answer is
 * read as in the origin's format.
 */
final class RawJpegCodec implements InferenceCodec {
    @Override
    public String contentType() {
        return "image/jpeg";
    }

    @Override
    public SdkBytes encode(byte[] jpeg) {
        return SdkBytes.fromByteArrayUnsafe(jpeg);
    }

    @Override
    public List<Detection> decode(byte[] response, int width, int height) {
        return PredictionsReader.read(response, width, height);
    }
}
