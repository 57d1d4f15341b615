package dev.mlpipeline.core.port;

import dev.mlpipeline.core.domain.FrameRecord;
import dev.mlpipeline.core.domain.VideoId;
import java.util.List;
import java.util.Map;

/**
 * Reads the frame records of a video, as the main backend's front-end does. Thread-safe. Throws
 * {@link StoreUnavailableException} when the store cannot be reached.
 */
public interface FrameQueries {
    /**
     * The video's records in frame order, {@code offset} skipped and at most {@code limit} given, each as
     * stored (plain values, as {@code Job.stored()}); only those with detections when asked.
     */
    Page page(VideoId video, boolean onlyWithDetections, int limit, int offset);

    /** Every record of the video that has detections, in frame order, each with its image's URL (or null). */
    List<Located> withDetections(VideoId video);

    /** A page of records and how many there are in all. */
    record Page(List<Map<String, Object>> items, long total) {
        public Page {
            items = List.copyOf(items);
        }
    }

    /** A frame record and the URL of its image, null when none was saved. */
    record Located(FrameRecord frame, String framePath) {
    }
}
