package dev.mlpipeline.video.detect;

import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Lends each concurrent call its own instance of a detector that is not thread-safe (OpenCV's
 * HOGDescriptor and CascadeClassifier keep scratch buffers). At most as many instances exist as
 * calls ever ran at once. Unlike a ThreadLocal, an instance is not tied to a thread, so a pool of
 * worker threads that comes and goes does not strand instances.
 */
final class DetectorPool<T> {
    private final Supplier<T> factory;
    private final ConcurrentLinkedDeque<T> idle = new ConcurrentLinkedDeque<>();

    DetectorPool(Supplier<T> factory) {
        this.factory = factory;
        idle.push(factory.get()); // fail at construction, not on the first frame, when the model cannot load
    }

    <R> R with(Function<T, R> work) {
        T instance = idle.poll();
        if (instance == null) {
            instance = factory.get();
        }
        try {
            return work.apply(instance);
        } finally {
            idle.push(instance);
        }
    }
}
