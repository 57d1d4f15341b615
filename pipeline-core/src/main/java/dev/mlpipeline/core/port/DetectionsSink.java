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

    /**
     * Starts the record of one video, to be published at {@code target}.
     *
     * @param target where the record is published on {@link Record#commit}; nothing appears there before
     * @param header what the whole record describes
     * @return the record, for one thread, to be closed
     * @throws IOException when the record cannot be started
     */
    Record open(Path target, Header header) throws IOException;

    /**
     * What the whole record describes: the video's file name and shape, and the run's sampling; and,
     * for a job, the video's id, the attempt writing (which a shared store fences by) and its survey
     * fields. {@code videoId} and {@code attempt} are null when no job runs (the {@code process} command).
     *
     * @param video the video's file name
     * @param fps the video's frame rate
     * @param width the frames' width, in pixels
     * @param height the frames' height, in pixels
     * @param frameInterval every how many frames one was sampled
     * @param confidenceThreshold the least confidence a detection needed to be kept
     * @param videoId the job's video, or null outside a job
     * @param attempt the attempt writing, or null outside a job
     * @param survey the video's survey fields, never null ({@link Survey#NONE} when none)
     */
    record Header(String video, double fps, int width, int height, int frameInterval, double confidenceThreshold,
            VideoId videoId, LeaseToken attempt, Survey survey) {
        /**
         * Defaults the survey fields.
         *
         * @param video the video's file name
         * @param fps the frame rate
         * @param width the frames' width
         * @param height the frames' height
         * @param frameInterval every how many frames one was sampled
         * @param confidenceThreshold the least confidence kept
         * @param videoId the job's video, or null
         * @param attempt the attempt writing, or null
         * @param survey the survey fields, or null for {@link Survey#NONE}
         */
        public Header {
            survey = survey == null ? Survey.NONE : survey;
        }

        /**
         * A header for a run outside any job.
         *
         * @param video the video's file name
         * @param fps the frame rate
         * @param width the frames' width
         * @param height the frames' height
         * @param frameInterval every how many frames one was sampled
         * @param confidenceThreshold the least confidence kept
         */
        public Header(String video, double fps, int width, int height, int frameInterval, double confidenceThreshold) {
            this(video, fps, width, height, frameInterval, confidenceThreshold, null, null, Survey.NONE);
        }
    }

    /**
     * The run's totals, written at the end of the record.
     *
     * @param processedFrames how many sampled frames were sent to the model
     * @param failedFrames how many sampled frames' inference failed
     * @param totalDetections how many detections were kept
     * @param perClass how many detections were kept per class, in the order classes came
     */
    record Summary(long processedFrames, long failedFrames, long totalDetections, Map<String, Long> perClass) {
        /**
         * Copies {@code perClass}, keeping its order.
         *
         * @param processedFrames sampled frames
         * @param failedFrames sampled frames that failed
         * @param totalDetections detections kept
         * @param perClass detections per class, not null; copied
         * @throws NullPointerException when {@code perClass} is null
         */
        public Summary {
            perClass = Collections.unmodifiableMap(new LinkedHashMap<>(perClass)); // in the order classes came
        }
    }

    /**
     * The record of one video being written: frames in order, then {@link #commit}, and {@link #close()} in
     * any case. Used by one thread.
     */
    interface Record extends AutoCloseable {
        /**
         * A sampled frame, in order: its detections, or the error of its failed inference; where it was filmed.
         *
         * @param frame the frame's record
         * @throws IOException when it cannot be written
         */
        void frame(FrameRecord frame) throws IOException;

        /**
         * Ends the record with the run's totals and publishes it at its path, durably and in one step;
         * throws {@link java.nio.file.FileAlreadyExistsException} rather than replace a record there.
         *
         * @param summary the run's totals
         * @throws java.nio.file.FileAlreadyExistsException when a record is at the path already
         * @throws IOException when the record cannot be finished or published
         */
        void commit(Summary summary) throws IOException;

        /**
         * Removes the published record again: for when the video it describes could not be published.
         *
         * @throws IOException when it cannot be removed
         */
        void discardCommitted() throws IOException;

        /** Releases everything; an uncommitted record leaves nothing behind. */
        @Override
        void close();
    }
}
