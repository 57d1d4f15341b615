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
     *
     * @param video the video's id
     * @param onlyWithDetections true for only the records that have detections
     * @param limit the most records to give
     * @param offset how many records to skip first
     * @return the page, empty past the last record
     */
    Page page(VideoId video, boolean onlyWithDetections, int limit, int offset);

    /**
     * Every record of the video that has detections, in frame order, each with its image's URL (or null).
     *
     * @param video the video's id
     * @return the records; empty when there are none
     */
    List<Located> withDetections(VideoId video);

    /**
     * A page of records and how many there are in all.
     *
     * @param items the page's records, each as stored
     * @param total how many records there are in all, on every page
     */
    record Page(List<Map<String, Object>> items, long total) {
        /**
         * Copies the items.
         *
         * @param items the page's records, not null; copied
         * @param total how many records there are in all
         * @throws NullPointerException when {@code items} is or holds null
         */
        public Page {
            items = List.copyOf(items);
        }
    }

    /**
     * A frame record and the URL of its image, null when none was saved.
     *
     * @param frame the record
     * @param framePath the URL of its image, or null
     */
    record Located(FrameRecord frame, String framePath) {
    }
}
