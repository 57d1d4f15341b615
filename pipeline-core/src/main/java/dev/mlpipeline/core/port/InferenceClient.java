package dev.mlpipeline.core.port;

import dev.mlpipeline.core.domain.Detection;
import dev.mlpipeline.core.domain.EndpointStats;
import java.util.List;

/**
 * An object-detection model. Boxes are in pixels of the frame that was passed in. Throws
 * {@link InferenceException} when the frame could not be analysed. Up to {@link #maxConcurrency()}
 * calls may run at once from different threads.
 */
public interface InferenceClient {

    /**
     * The objects the model finds on {@code frame}.
     *
     * @param frame the frame; not changed
     * @return the detections, with boxes in the frame's pixels; empty when there are none
     * @throws InferenceUnavailableException when the model cannot be reached at all
     * @throws InferenceException when the frame could not be analysed
     */
    List<Detection> detect(VideoFrame frame);

    /**
     * A short description for health reports, such as {@code sagemaker:my-endpoint} or {@code local:motion}.
     *
     * @return the description
     */
    String describe();

    /**
     * How many {@link #detect} calls may run at once. 1 means the client keeps state across frames
     * (motion detection) and is called one frame at a time, in frame order.
     *
     * @return the calls that may run at once, at least 1; by default {@link Integer#MAX_VALUE}: no limit
     *     of the client's own
     */
    default int maxConcurrency() {
        return Integer.MAX_VALUE;
    }

    /**
     * The client to use for one video. A client that keeps state across frames returns a fresh
     * instance, so that one video's state (a learned background) never leaks into the next.
     *
     * @return the client for one video; by default this one
     */
    default InferenceClient forVideo() {
        return this;
    }

    /**
     * The categories of a client that asks one model per category, in order; empty for one model.
     *
     * @return the categories; empty by default
     */
    default List<String> categories() {
        return List.of();
    }

    /**
     * How each model endpoint did so far, on a client from {@link #forVideo()}: one entry per endpoint
     * of a client that asks several; empty for a client that has nothing to report per endpoint.
     *
     * @return the stats, one per endpoint; empty by default
     */
    default List<EndpointStats> endpointStats() {
        return List.of();
    }

    /**
     * Whether the model can be used now: a worker claims no job while it cannot. Never throws; a client
     * that asks a remote service may answer from a short-lived cache.
     *
     * @return whether it can be used, with a short account; by default {@link Readiness#READY}
     */
    default Readiness readiness() {
        return Readiness.READY;
    }

    /**
     * Whether a model can be used now, and a short account of its parts for {@code /health} and the log.
     *
     * @param usable whether a worker may claim jobs for it
     * @param detail the account, for a person to read
     */
    record Readiness(boolean usable, String detail) {
        /** A model that can be used, with nothing more to say. */
        public static final Readiness READY = new Readiness(true, "ready");
    }
}
