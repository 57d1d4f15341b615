package dev.mlpipeline.mongo;

import dev.mlpipeline.core.domain.JobId;
import dev.mlpipeline.core.domain.LeaseToken;
import dev.mlpipeline.core.domain.ProcessingStats;
import dev.mlpipeline.core.domain.Survey;
import dev.mlpipeline.core.domain.Video;
import dev.mlpipeline.core.domain.VideoId;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.types.ObjectId;

/**
 * Reads {@code videos} documents, which the main backend owns: they carry fields we do not know and
 * may hold our fields in other types than we write, so anything unexpected reads as absent rather
 * than failing the job that needs the video.
 */
final class VideoDocuments {
    static final String ID = "_id";
    static final String STORAGE_URL = "storage_url";
    static final String STATUS = "status";
    static final String PROGRESS = "progress";
    static final String PROCESSING_MESSAGE = "processing_message";
    static final String ANNOTATED_VIDEO_URL = "annotated_video_url";
    static final String ERROR_MESSAGE = "error_message";
    static final String PROCESSING_STATS = "processing_stats";
    static final String UPDATED_AT = "updated_at";
    static final String PIPELINE_JOB_ID = "pipeline_job_id";
    static final String PIPELINE_ATTEMPT = "pipeline_attempt";
    static final String PIPELINE_WORKER_ID = "pipeline_worker_id";
    static final String TOTAL_DETECTIONS = "total_detections";
    static final String DETECTIONS_SUMMARY = "detections_summary";
    static final String UNIQUE_COUNTS = "unique_counts";
    static final String CATEGORY_VIDEOS = "category_videos";
    static final String PROCESSED_FRAMES = "processed_frames";
    static final String DURATION_SECONDS = "duration_seconds";
    static final String FRAME_METADATA_URL = "frame_metadata_url";
    static final String OBJECTS_GEOJSON_URL = "objects_geojson_url";
    static final String THUMBNAIL_URL = "thumbnail_url";
    static final String ETA = "eta";
    static final String ETA_SECONDS = "eta_seconds";
    static final String SURVEY_ID = "survey_id";
    static final String ROUTE_ID = "route_id";
    static final String GPX_FILE_URL = "gpx_file_url";

    /** Only what {@link Video} holds, so that large documents are not shipped whole. */
    static final List<String> READ = List.of(STORAGE_URL, STATUS, PROGRESS, PROCESSING_MESSAGE,
            ANNOTATED_VIDEO_URL, ERROR_MESSAGE, PROCESSING_STATS, PIPELINE_JOB_ID, PIPELINE_ATTEMPT,
            PIPELINE_WORKER_ID, SURVEY_ID, ROUTE_ID, GPX_FILE_URL);

    private VideoDocuments() {
    }

    static Video fromDocument(VideoId id, Document document) {
        return new Video(id,
                text(document.get(STORAGE_URL)),
                text(document.get(STATUS)),
                document.get(PROGRESS) instanceof Number n ? Integer.valueOf(n.intValue()) : null,
                text(document.get(PROCESSING_MESSAGE)),
                text(document.get(ANNOTATED_VIDEO_URL)),
                text(document.get(ERROR_MESSAGE)),
                stats(document.get(PROCESSING_STATS)),
                lease(document),
                new Survey(copied(document.get(SURVEY_ID)), copied(document.get(ROUTE_ID)),
                        text(document.get(GPX_FILE_URL))));
    }

    /** A survey field as the main backend stored it, for frame records to carry: ids as hex strings. */
    private static Object copied(Object value) {
        return value instanceof ObjectId id ? id.toHexString() : value;
    }

    /** The attempt recorded on the video (only we write these fields), or null when none is. */
    private static LeaseToken lease(Document document) {
        Object job = document.get(PIPELINE_JOB_ID);
        Object attempt = document.get(PIPELINE_ATTEMPT);
        Object worker = document.get(PIPELINE_WORKER_ID);
        if (job instanceof ObjectId id && attempt instanceof Number n && n.intValue() >= 1 && worker instanceof String w) {
            return new LeaseToken(JobId.parse(id.toHexString()), w, n.intValue());
        }
        return null;
    }

    private static String text(Object value) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof ObjectId id) {
            return id.toHexString();
        }
        // a number or a flag still says something; a nested document or array does not
        return value instanceof Number || value instanceof Boolean ? value.toString() : null;
    }

    private static ProcessingStats stats(Object value) {
        if (!(value instanceof Map<?, ?> map)) {
            return null;
        }
        try {
            return WireFormat.statsFromMap(map);
        } catch (RuntimeException unreadable) {
            return null; // stats are informative only; a strange shape must not hide the video
        }
    }
}
