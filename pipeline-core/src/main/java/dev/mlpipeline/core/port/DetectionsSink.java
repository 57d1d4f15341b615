package dev.mlpipeline.core.port;

import dev.mlpipeline.core.domain.Detection;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the per-frame detections of a run are recorded, as frames pass (so memory does not grow with
 * the video's length). Thread-safe; each record belongs to one thread. The record appears at its path
 * only on {@link Record#commit}, never replacing one already there, so a failed or abandoned run
 * leaves nothing where a complete record is expected.
 */
public interface DetectionsSink {

    /** Starts the record of one video, to be published at {@code target}. */
    Record open(Path target, Header header) throws IOException;

    /** What the whole record describes: the video's name and shape, and the run's sampling. */
    record Header(String video, double fps, int width, int height, int frameInterval, double confidenceThreshold) {
    }

    /** The run's totals, written at the end of the record. */
    record Summary(long processedFrames, long failedFrames, long totalDetections, Map<String, Long> perClass) {
        public Summary {
            perClass = Collections.unmodifiableMap(new LinkedHashMap<>(perClass)); // in the order classes came
        }
    }

    interface Record extends AutoCloseable {
        /** A sampled frame and the detections kept for it (over the confidence threshold). */
        void frame(long index, long timestampMicros, List<Detection> detections) throws IOException;

        /** A sampled frame whose inference failed, with the failure's message. */
        void failedFrame(long index, long timestampMicros, String error) throws IOException;

        /**
         * Ends the record with the run's totals and publishes it at its path, durably and in one step;
         * throws {@link java.nio.file.FileAlreadyExistsException} rather than replace a record there.
         */
        void commit(Summary summary) throws IOException;

        /** Removes the published record again: for when the video it describes could not be published. */
        void discardCommitted() throws IOException;

        /** Releases everything; an uncommitted record leaves nothing behind. */
        @Override
        void close();
    }
}
