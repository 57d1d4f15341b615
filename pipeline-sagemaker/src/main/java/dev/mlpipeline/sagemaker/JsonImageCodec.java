package dev.mlpipeline.sagemaker;

import dev.mlpipeline.core.domain.Detection;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import software.amazon.awssdk.core.SdkBytes;

/** The origin's format: {@code {"image": "<base64 JPEG>"}} as {@code application/json}. */
final class JsonImageCodec implements InferenceCodec {
    private static final byte[] PREFIX = "{\"image\": \"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SUFFIX = "\"}".getBytes(StandardCharsets.US_ASCII);

    @Override
    public String contentType() {
        return "application/json";
    }

    @Override
    public SdkBytes encode(byte[] jpeg) {
        // written straight into one array: base64 has nothing to escape, and a frame is copied once, not thrice
        byte[] base64 = Base64.getEncoder().encode(jpeg);
        byte[] body = new byte[PREFIX.length + base64.length + SUFFIX.length];
        System.arraycopy(PREFIX, 0, body, 0, PREFIX.length);
        System.arraycopy(base64, 0, body, PREFIX.length, base64.length);
        System.arraycopy(SUFFIX, 0, body, PREFIX.length + base64.length, SUFFIX.length);
        return SdkBytes.fromByteArrayUnsafe(body);
    }

    @Override
    public List<Detection> decode(byte[] response, int width, int height) {
        return PredictionsReader.read(response, width, height);
    }
}
