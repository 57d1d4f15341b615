package dev.mlpipeline.sagemaker;

import dev.mlpipeline.core.domain.Detection;
import java.util.List;
import java.util.Locale;
import software.amazon.awssdk.core.SdkBytes;

/**
 * How a frame is put into a request body and detections read out of the response, so that a model
 * container with another format fits by adding a codec, not by changing the client. Implementations
 * are stateless and thread-safe; {@link #decode} throws {@code InferenceException} for an answer it
 * cannot read.
 */
interface InferenceCodec {
    List<String> NAMES = List.of("json", "jpeg");

    /** The request's {@code Content-Type}. */
    String contentType();

    /** The request's {@code Accept}. */
    default String accept() {
        return "application/json";
    }

    SdkBytes encode(byte[] jpeg);

    /** Detections in pixels of the {@code width} x {@code height} image that was sent. */
    List<Detection> decode(byte[] response, int width, int height);

    /** The codec for a configured name, one of {@link #NAMES}. */
    static InferenceCodec named(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "json" -> new JsonImageCodec();
            case "jpeg" -> new RawJpegCodec();
            default -> throw new IllegalArgumentException("unknown codec '" + name + "': use one of " + NAMES);
        };
    }
}
