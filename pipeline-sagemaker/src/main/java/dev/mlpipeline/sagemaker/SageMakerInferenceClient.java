package dev.mlpipeline.sagemaker;

import dev.mlpipeline.core.domain.BoundingBox;
import dev.mlpipeline.core.domain.Detection;
import dev.mlpipeline.core.port.InferenceClient;
import dev.mlpipeline.core.port.InferenceException;
import dev.mlpipeline.core.port.JpegEncoder;
import dev.mlpipeline.core.port.VideoFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointResponse;

/**
 * An {@link InferenceClient} on a SageMaker real-time endpoint ({@code InvokeEndpoint}). Each frame
 * is shrunk to the model's input size, sent as JPEG in the configured format, and the boxes that come
 * back are mapped to the frame's pixels. Retries and timeouts are the SDK's (see
 * {@link SageMakerSettings}); what still fails is an {@link InferenceException}, or an
 * {@code InferenceUnavailableException} when the endpoint cannot be used at all. Thread-safe, up to
 * {@link #maxConcurrency()} calls at once.
 */
public final class SageMakerInferenceClient implements InferenceClient, AutoCloseable {
    /** SageMaker refuses real-time bodies over 6 MB; staying well below leaves room for headers and drift. */
    static final int MAX_BODY_BYTES = 5 * 1024 * 1024;
    private static final System.Logger LOG = System.getLogger(SageMakerInferenceClient.class.getName());

    private final SageMakerSettings settings;
    private final SageMakerRuntimeClient sdk;
    private final AutoCloseable ownedCredentials;
    private final FrameEncoder encoder;
    private final InferenceCodec codec;

    private SageMakerInferenceClient(SageMakerSettings settings, AwsCredentialsProvider credentials,
            AutoCloseable ownedCredentials, JpegEncoder jpeg) {
        this.settings = settings;
        this.sdk = RuntimeClients.create(settings, new CheckedCredentials(credentials));
        this.ownedCredentials = ownedCredentials;
        this.encoder = new FrameEncoder(settings.modelInputSize(), settings.jpegQuality(), jpeg);
        this.codec = InferenceCodec.named(settings.codec());
        LOG.log(System.Logger.Level.INFO, "SageMaker endpoint {0} in {1}{2}: {3} in flight, {4} attempts of at most {5} ms, codec {6}",
                settings.endpointName(), settings.region(),
                settings.endpointUrl().map(url -> " via " + url).orElse(""), String.valueOf(settings.maxInFlight()),
                String.valueOf(settings.maxAttempts()), String.valueOf(settings.requestTimeout().toMillis()), settings.codec());
    }

    /** A client whose credentials come from the SDK's default chain (environment, profile, container, instance). */
    public static SageMakerInferenceClient create(SageMakerSettings settings) {
        DefaultCredentialsProvider credentials = DefaultCredentialsProvider.builder().build();
        return new SageMakerInferenceClient(settings, credentials, credentials, new ImageIoJpegEncoder());
    }

    /** A client with the given credentials; the caller keeps ownership of the provider. */
    public static SageMakerInferenceClient create(SageMakerSettings settings, AwsCredentialsProvider credentials) {
        return create(settings, credentials, new ImageIoJpegEncoder());
    }

    /**
     * A client with the given credentials, which the caller keeps, that compresses frames with
     * {@code jpeg} (a native encoder is several times faster than the portable one the others use).
     */
    public static SageMakerInferenceClient create(SageMakerSettings settings, AwsCredentialsProvider credentials,
            JpegEncoder jpeg) {
        return new SageMakerInferenceClient(Objects.requireNonNull(settings, "settings"),
                Objects.requireNonNull(credentials, "credentials"), null, Objects.requireNonNull(jpeg, "jpeg"));
    }

    @Override
    public List<Detection> detect(VideoFrame frame) {
        return invoke(request(frame), frame);
    }

    /** The frame as this client sends it: shrunk, compressed and put into a body once, for any endpoint. */
    Request request(VideoFrame frame) {
        try {
            FrameEncoder.Encoded image = encoder.encode(frame);
            SdkBytes body = codec.encode(image.jpeg());
            int size = body.asByteArrayUnsafe().length;
            if (size > MAX_BODY_BYTES) {
                throw new InferenceException("frame " + frame.index() + " makes a " + size + "-byte body, over the "
                        + MAX_BODY_BYTES + "-byte limit: lower the model input size or the JPEG quality", false, null);
            }
            return new Request(image, body);
        } catch (InferenceException e) {
            throw e;
        } catch (RuntimeException e) {
            throw Failures.classify(e, settings.endpointName());
        }
    }

    /** Sends a prepared request to this client's endpoint; the detections in pixels of {@code frame}. */
    List<Detection> invoke(Request prepared, VideoFrame frame) {
        try {
            InvokeEndpointResponse response = sdk.invokeEndpoint(request -> request
                    .endpointName(settings.endpointName())
                    .contentType(codec.contentType())
                    .accept(codec.accept())
                    .body(prepared.body()));
            byte[] answer = response.body() == null ? new byte[0] : response.body().asByteArrayUnsafe();
            FrameEncoder.Encoded image = prepared.image();
            return toFramePixels(codec.decode(answer, image.width(), image.height()), image, frame);
        } catch (InferenceException e) {
            throw e;
        } catch (RuntimeException e) {
            // whatever the SDK or a codec threw, the worker sees only the port's exception
            throw Failures.classify(e, settings.endpointName());
        }
    }

    /** A frame ready to send: the image that was compressed, and the body that carries it. */
    record Request(FrameEncoder.Encoded image, SdkBytes body) {
    }

    SageMakerSettings settings() {
        return settings;
    }

    /** The model answered in pixels of the image it was sent, which may have been shrunk. */
    private static List<Detection> toFramePixels(List<Detection> found, FrameEncoder.Encoded image, VideoFrame frame) {
        if (image.width() == frame.width() && image.height() == frame.height()) {
            return found;
        }
        double sx = (double) frame.width() / image.width();
        double sy = (double) frame.height() / image.height();
        List<Detection> mapped = new ArrayList<>(found.size());
        for (Detection detection : found) {
            BoundingBox box = detection.box();
            BoundingBox scaled = PredictionsReader.clamp(box.x1() * sx, box.y1() * sy, box.x2() * sx, box.y2() * sy,
                    frame.width(), frame.height());
            if (scaled != null) {
                mapped.add(new Detection(detection.className(), detection.confidence(), scaled));
            }
        }
        return List.copyOf(mapped);
    }

    @Override
    public String describe() {
        return "sagemaker:" + settings.endpointName();
    }

    @Override
    public int maxConcurrency() {
        return settings.maxInFlight();
    }

    @Override
    public void close() {
        sdk.close();
        if (ownedCredentials != null) {
            try {
                ownedCredentials.close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.DEBUG, "closing the credentials provider failed", e);
            }
        }
    }
}
