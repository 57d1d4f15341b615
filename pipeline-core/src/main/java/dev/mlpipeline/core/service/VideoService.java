package dev.mlpipeline.core.service;

import dev.mlpipeline.core.domain.MappedObject;
import dev.mlpipeline.core.domain.VideoId;
import dev.mlpipeline.core.port.FrameQueries;
import dev.mlpipeline.core.port.VideoCatalog;
import dev.mlpipeline.core.port.VideoNotFoundException;
import java.util.List;
import java.util.Objects;

/** Shows a video's survey outputs: its frame records page by page, and its map of objects. Thread-safe. */
public final class VideoService {
    /** The most records one page holds. */
    public static final int MAX_PAGE = 500;
    /** What a page holds when no limit is asked for. */
    public static final int DEFAULT_PAGE = 50;

    private final VideoCatalog videos;
    private final FrameQueries frames;

    /**
     * A service over these stores.
     *
     * @param videos the videos, which an asked-for video must be among
     * @param frames the frame records
     * @throws NullPointerException when an argument is null
     */
    public VideoService(VideoCatalog videos, FrameQueries frames) {
        this.videos = Objects.requireNonNull(videos);
        this.frames = Objects.requireNonNull(frames);
    }

    /**
     * A page of the video's frame records, {@code limit} clamped into 1..{@link #MAX_PAGE} and a negative
     * {@code offset} read as 0. Throws {@link dev.mlpipeline.core.domain.InvalidInputException} for a
     * malformed id and {@link VideoNotFoundException} for an unknown video.
     *
     * @param videoId the video's id as the client gave it
     * @param onlyWithDetections true for only the records that have detections
     * @param limit the most records to give, clamped into 1..{@link #MAX_PAGE}
     * @param offset how many records to skip first; a negative one counts as 0
     * @return the page, with the number of records in all
     * @throws dev.mlpipeline.core.domain.InvalidInputException when {@code videoId} is null or malformed
     * @throws VideoNotFoundException when no such video exists
     */
    public FrameQueries.Page frames(String videoId, boolean onlyWithDetections, int limit, int offset) {
        VideoId id = known(videoId);
        return frames.page(id, onlyWithDetections, Math.max(1, Math.min(limit, MAX_PAGE)), Math.max(0, offset));
    }

    /**
     * The video's tracked objects, each where it was seen best; as {@link #frames} for a bad id.
     *
     * @param videoId the video's id as the client gave it
     * @return the objects with a position, in the order of their tracks; empty when there are none
     * @throws dev.mlpipeline.core.domain.InvalidInputException when {@code videoId} is null or malformed
     * @throws VideoNotFoundException when no such video exists
     */
    public List<MappedObject> objects(String videoId) {
        ObjectMap map = new ObjectMap();
        for (FrameQueries.Located record : frames.withDetections(known(videoId))) {
            map.add(record.frame(), record.framePath());
        }
        return map.objects();
    }

    private VideoId known(String videoId) {
        VideoId id = VideoId.parse(videoId);
        if (videos.find(id).isEmpty()) {
            throw new VideoNotFoundException(id);
        }
        return id;
    }
}
