package dev.mlpipeline.core.port;

import dev.mlpipeline.core.domain.FrameRecord;
import dev.mlpipeline.core.domain.LeaseToken;
import dev.mlpipeline.core.domain.Survey;
import dev.mlpipeline.core.domain.VideoId;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the per-frame records of a run go (detections, failures, positions), as frames pass, so that
 * memory does not grow with the video's length: a JSON file beside the annotated video, the
 * {@code frames} collection, or both ({@code DetectionsSinks.all}). Thread-safe; each record belongs
 * to one thread. A record is published only on {@link Record#commit}, never replacing what a newer
 * attempt published, so a failed or abandoned run leaves nothing where a complete record is expected.
 */
public interface DetectionsSink {

    /** Starts the record of one video, to be published at {@code target}. */
    Record open(Path target, Header header) throws IOException;

    /**
     * What the whole record describes: the video's file name and shape, and the run's sampling; and,
     * for a job, the video's id, the attempt writing (which a shared store fences by) and its survey
     * fields. {@code videoId} and {@code attempt} are null when no job runs (the {@code process} command).
     */
    record Header(String video, double fps, int width, int height, int frameInterval, double confidenceThreshold,
            VideoId videoId, LeaseToken attempt, Survey survey) {
        public Header {
            survey = survey == null ? Survey.NONE : survey;
        }

        /** A header for a run outside any job. */
        public Header(String video, double fps, int width, int height, int frameInterval, double confidenceThreshold) {
            this(video, fps, width, height, frameInterval, confidenceThreshold, null, null, Survey.NONE);
        }
    }

    /** The run's totals, written at the end of the record. */
    record Summary(long processedFrames, long failedFrames, long totalDetections, Map<String, Long> perClass) {
        public Summary {
            perClass = Collections.unmodifiableMap(new LinkedHashMap<>(perClass)); // in the order classes came
        }
    }

    interface Record extends AutoCloseable {
        /** A sampled frame, in order: its detections, or the error of its failed inference; where it was filmed. */
        void frame(FrameRecord frame) throws IOException;

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
