package dev.mlpipeline.core.port;

import dev.mlpipeline.core.domain.Detection;
import dev.mlpipeline.core.domain.EndpointStats;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * An object-detection model. Boxes are in pixels of the frame that was passed in. Throws
 * {@link InferenceException} when the frame could not be analysed. Up to {@link #maxConcurrency()}
 * calls may run at once from different threads.
 */
public interface InferenceClient {

    /**
     * A model in the host's own process, such as a lambda over a library the host already loads:
     * {@code detector} is called for every sampled frame, from up to {@code maxConcurrency} threads at
     * once, and returns boxes in the frame's pixels (never null; an empty list when it finds nothing).
     * {@code description} is what health reports show. An exception it throws fails that frame only: it
     * reaches the run as an {@link InferenceException} (not retried), and the job fails only when too many
     * frames do. The client is thread-safe when {@code detector} is.
     *
     * @param description what health reports show, such as {@code host:signs}
     * @param maxConcurrency how many frames {@code detector} may be given at once, at least 1
     * @param detector the model: boxes in the frame's pixels for each frame, never null
     * @return a client that calls {@code detector}
     * @throws IllegalArgumentException when {@code maxConcurrency} is below 1
     */
    static InferenceClient of(String description, int maxConcurrency,
            Function<VideoFrame, List<Detection>> detector) {
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(detector, "detector");
        if (maxConcurrency < 1) {
            throw new IllegalArgumentException("maxConcurrency must be at least 1, was " + maxConcurrency);
        }
        return new InferenceClient() {
            @Override
            public List<Detection> detect(VideoFrame frame) {
                List<Detection> found;
                try {
                    found = detector.apply(frame);
                } catch (InferenceException e) {
                    throw e;
                } catch (RuntimeException e) {
                    throw new InferenceException(description + " failed on frame " + frame.index() + ": " + e, false,
                            e);
                }
                if (found == null) {
                    throw new InferenceException(description + " returned no list for frame " + frame.index(), false,
                            null);
                }
                return found;
            }

            @Override
            public String describe() {
                return description;
            }

            @Override
            public int maxConcurrency() {
                return maxConcurrency;
            }
        };
    }

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
