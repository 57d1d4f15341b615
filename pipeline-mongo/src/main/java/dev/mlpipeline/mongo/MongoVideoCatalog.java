package dev.mlpipeline.mongo;

import static dev.mlpipeline.mongo.VideoDocuments.ANNOTATED_VIDEO_URL;
import static dev.mlpipeline.mongo.VideoDocuments.CATEGORY_VIDEOS;
import static dev.mlpipeline.mongo.VideoDocuments.DETECTIONS_SUMMARY;
import static dev.mlpipeline.mongo.VideoDocuments.DURATION_SECONDS;
import static dev.mlpipeline.mongo.VideoDocuments.ERROR_MESSAGE;
import static dev.mlpipeline.mongo.VideoDocuments.ETA;
import static dev.mlpipeline.mongo.VideoDocuments.ETA_SECONDS;
import static dev.mlpipeline.mongo.VideoDocuments.FRAME_METADATA_URL;
import static dev.mlpipeline.mongo.VideoDocuments.ID;
import static dev.mlpipeline.mongo.VideoDocuments.OBJECTS_GEOJSON_URL;
import static dev.mlpipeline.mongo.VideoDocuments.PIPELINE_ATTEMPT;
import static dev.mlpipeline.mongo.VideoDocuments.PIPELINE_JOB_ID;
import static dev.mlpipeline.mongo.VideoDocuments.PIPELINE_WORKER_ID;
import static dev.mlpipeline.mongo.VideoDocuments.PROCESSED_FRAMES;
import static dev.mlpipeline.mongo.VideoDocuments.PROCESSING_MESSAGE;
import static dev.mlpipeline.mongo.VideoDocuments.PROCESSING_STATS;
import static dev.mlpipeline.mongo.VideoDocuments.PROGRESS;
import static dev.mlpipeline.mongo.VideoDocuments.STATUS;
import static dev.mlpipeline.mongo.VideoDocuments.THUMBNAIL_URL;
import static dev.mlpipeline.mongo.VideoDocuments.TOTAL_DETECTIONS;
import static dev.mlpipeline.mongo.VideoDocuments.UNIQUE_COUNTS;
import static dev.mlpipeline.mongo.VideoDocuments.UPDATED_AT;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Updates;
import dev.mlpipeline.core.domain.JobId;
import dev.mlpipeline.core.domain.JobResult;
import dev.mlpipeline.core.domain.LeaseToken;
import dev.mlpipeline.core.domain.ProcessingStats;
import dev.mlpipeline.core.domain.Video;
import dev.mlpipeline.core.domain.VideoId;
import dev.mlpipeline.core.port.VideoCatalog;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.BsonType;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;

/**
 * The main backend's {@code videos} collection. Updates set only the pipeline's fields and never
 * upsert, so the backend's own fields are left as they are and an unknown id changes nothing. The
 * attempt that took a video is recorded in three added fields ({@code pipeline_job_id},
 * {@code pipeline_attempt}, {@code pipeline_worker_id}), and every later write matches them.
 */
public final class MongoVideoCatalog implements VideoCatalog {
    static final String COLLECTION = "videos";

    // an attempt is recorded when all three fields are there in the types we write; anything less
    // (a hand edit) counts as none, as VideoDocuments reads it, so that a new attempt can take the video
    private static final Bson RECORDED = Filters.and(
            Filters.type(PIPELINE_JOB_ID, BsonType.OBJECT_ID),
            Filters.type(PIPELINE_ATTEMPT, "number"),
            Filters.type(PIPELINE_WORKER_ID, BsonType.STRING));

    private final MongoCollection<Document> videos;

    public MongoVideoCatalog(MongoDatabase database) {
        this.videos = database.getCollection(COLLECTION);
    }

    @Override
    public Optional<Video> find(VideoId id) {
        return StoreCalls.call("read a video", () -> Optional.ofNullable(
                        videos.find(byId(id)).projection(Projections.include(VideoDocuments.READ)).first())
                .map(document -> VideoDocuments.fromDocument(id, document)));
    }

    @Override
    public List<Video> listProcessing(int limit) {
        if (limit <= 0) {
            return List.of(); // the driver reads limit 0 as "no limit"
        }
        return StoreCalls.call("list videos being processed", () -> {
            List<Video> found = new ArrayList<>();
            for (Document document : videos.find(Filters.and(Filters.eq(STATUS, "processing"), RECORDED))
                    .projection(Projections.include(VideoDocuments.READ)).limit(limit)) {
                if (document.get(ID) instanceof ObjectId id) {
                    Video video = VideoDocuments.fromDocument(VideoId.parse(id.toHexString()), document);
                    if (video.pipelineLease() != null) {
                        found.add(video);
                    }
                }
            }
            return found;
        });
    }

    @Override
    public boolean markProcessing(VideoId id, LeaseToken expected, LeaseToken attempt, String message,
            Instant now) {
        Bson was = expected == null ? Filters.nor(RECORDED) : takenBy(expected);
        return update("mark a video processing", Filters.and(byId(id), was),
                Updates.set(STATUS, "processing"),
                Updates.set(PROGRESS, 0),
                Updates.set(PROCESSING_MESSAGE, message),
                Updates.set(PIPELINE_JOB_ID, new ObjectId(attempt.jobId().hex())),
                Updates.set(PIPELINE_ATTEMPT, attempt.attempt()),
                Updates.set(PIPELINE_WORKER_ID, attempt.workerId()),
                Updates.set(UPDATED_AT, WireFormat.time(now)));
    }

    @Override
    public boolean updateProgress(VideoId id, LeaseToken attempt, int progress, String message, Duration eta,
            Instant now) {
        // only while processing: a late attempt of a job given up on must not talk over its error
        return update("record a video's progress",
                Filters.and(byId(id), takenBy(attempt), Filters.eq(STATUS, "processing")),
                Updates.set(PROGRESS, progress),
                Updates.set(PROCESSING_MESSAGE, message),
                eta == null ? Updates.unset(ETA) : Updates.set(ETA, WireFormat.etaText(eta)),
                eta == null ? Updates.unset(ETA_SECONDS) : Updates.set(ETA_SECONDS, (int) eta.toSeconds()),
                Updates.set(UPDATED_AT, WireFormat.time(now)));
    }

    @Override
    public boolean markCompleted(VideoId id, LeaseToken attempt, JobResult result, Instant now) {
        ProcessingStats stats = result.stats();
        List<Bson> changes = new ArrayList<>(List.of(
                Updates.set(STATUS, "completed"),
                Updates.set(PROGRESS, 100),
                Updates.set(PROCESSING_MESSAGE, "Completed"),
                Updates.set(ANNOTATED_VIDEO_URL, result.annotatedVideoUrl()),
                Updates.set(PROCESSING_STATS, BsonValues.narrow(WireFormat.statsToMap(stats))),
                // the summary the main backend's front-end reads from the video itself
                Updates.set(TOTAL_DETECTIONS, BsonValues.narrow(stats.totalDetections())),
                Updates.set(DETECTIONS_SUMMARY, BsonValues.narrow(stats.detectionStats())),
                Updates.set(UNIQUE_COUNTS, BsonValues.narrow(stats.uniqueCounts())),
                Updates.set(PROCESSED_FRAMES, BsonValues.narrow(stats.processedFrames())),
                Updates.set(DURATION_SECONDS, stats.videoDuration()),
                Updates.unset(ETA),
                Updates.unset(ETA_SECONDS),
                Updates.set(UPDATED_AT, WireFormat.time(now))));
        if (result.detectionsUrl() != null) {
            changes.add(Updates.set(FRAME_METADATA_URL, result.detectionsUrl()));
        }
        if (result.objectsGeojsonUrl() != null) {
            changes.add(Updates.set(OBJECTS_GEOJSON_URL, result.objectsGeojsonUrl()));
        }
        if (!result.categoryVideos().isEmpty()) {
            // the front-end's own field for one video per model category
            changes.add(Updates.set(CATEGORY_VIDEOS, new Document(result.categoryVideos())));
        }
        boolean completed = update("mark a video completed", Filters.and(byId(id), takenBy(attempt)),
                changes.toArray(Bson[]::new));
        if (completed && result.thumbnailUrl() != null) {
            // only a video that has none: the main backend's own thumbnail, or an uploader's, stays
            update("give a video its thumbnail", Filters.and(byId(id), takenBy(attempt),
                    Filters.eq(THUMBNAIL_URL, null)), Updates.set(THUMBNAIL_URL, result.thumbnailUrl()));
        }
        return completed;
    }

    @Override
    public boolean markError(VideoId id, LeaseToken attempt, String message, Instant now) {
        return update("mark a video failed", Filters.and(byId(id), takenBy(attempt)), errored(message, now));
    }

    @Override
    public boolean markCancelled(VideoId id, LeaseToken attempt, Instant now) {
        return update("mark a video cancelled",
                Filters.and(byId(id), takenBy(attempt), Filters.eq(STATUS, "processing")),
                Updates.set(STATUS, "cancelled"),
                Updates.set(PROCESSING_MESSAGE, "Cancelled"),
                Updates.unset(ETA),
                Updates.unset(ETA_SECONDS),
                Updates.set(UPDATED_AT, WireFormat.time(now)));
    }

    @Override
    public boolean markAbandoned(VideoId id, JobId job, String message, Instant now) {
        return update("mark a video failed",
                Filters.and(byId(id), Filters.eq(PIPELINE_JOB_ID, new ObjectId(job.hex()))), errored(message, now));
    }

    private static Bson[] errored(String message, Instant now) {
        return new Bson[] {
            Updates.set(STATUS, "error"),
            Updates.set(PROCESSING_MESSAGE, message),
            Updates.set(ERROR_MESSAGE, message),
            Updates.set(UPDATED_AT, WireFormat.time(now))
        };
    }

    private boolean update(String action, Bson filter, Bson... changes) {
        return StoreCalls.call(action, () -> videos.updateOne(filter, Updates.combine(changes)).getMatchedCount() == 1);
    }

    private static Bson takenBy(LeaseToken attempt) {
        return Filters.and(
                Filters.eq(PIPELINE_JOB_ID, new ObjectId(attempt.jobId().hex())),
                Filters.eq(PIPELINE_ATTEMPT, attempt.attempt()),
                Filters.eq(PIPELINE_WORKER_ID, attempt.workerId()));
    }

    private static Bson byId(VideoId id) {
        return Filters.eq(ID, new ObjectId(id.hex()));
    }
}
