package dev.mlpipeline.mongo;

import static dev.mlpipeline.mongo.VideoDocuments.ANNOTATED_VIDEO_URL;
import static dev.mlpipeline.mongo.VideoDocuments.ERROR_MESSAGE;
import static dev.mlpipeline.mongo.VideoDocuments.ID;
import static dev.mlpipeline.mongo.VideoDocuments.PROCESSING_MESSAGE;
import static dev.mlpipeline.mongo.VideoDocuments.PROCESSING_STATS;
import static dev.mlpipeline.mongo.VideoDocuments.PROGRESS;
import static dev.mlpipeline.mongo.VideoDocuments.STATUS;
import static dev.mlpipeline.mongo.VideoDocuments.UPDATED_AT;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Updates;
import dev.mlpipeline.core.domain.ProcessingStats;
import dev.mlpipeline.core.domain.Video;
import dev.mlpipeline.core.domain.VideoId;
import dev.mlpipeline.core.domain.WireFormat;
import dev.mlpipeline.core.port.VideoCatalog;
import java.time.Instant;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;

/**
 * The main backend's {@code videos} collection. Updates set only the pipeline's fields and never
 * upsert, so the backend's own fields are left as they are and an unknown id changes nothing.
 */
public final class MongoVideoCatalog implements VideoCatalog {
    static final String COLLECTION = "videos";

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
    public void markProcessing(VideoId id, String message, Instant now) {
        update("mark a video processing", id,
                Updates.set(STATUS, "processing"),
                Updates.set(PROGRESS, 0),
                Updates.set(PROCESSING_MESSAGE, message),
                Updates.set(UPDATED_AT, WireFormat.time(now)));
    }

    @Override
    public void updateProgress(VideoId id, int progress, String message, Instant now) {
        update("record a video's progress", id,
                Updates.set(PROGRESS, progress),
                Updates.set(PROCESSING_MESSAGE, message),
                Updates.set(UPDATED_AT, WireFormat.time(now)));
    }

    @Override
    public void markCompleted(VideoId id, String annotatedVideoUrl, ProcessingStats stats, Instant now) {
        update("mark a video completed", id,
                Updates.set(STATUS, "completed"),
                Updates.set(PROGRESS, 100),
                Updates.set(PROCESSING_MESSAGE, "Completed"),
                Updates.set(ANNOTATED_VIDEO_URL, annotatedVideoUrl),
                Updates.set(PROCESSING_STATS, new Document(WireFormat.statsToMap(stats))),
                Updates.set(UPDATED_AT, WireFormat.time(now)));
    }

    @Override
    public void markError(VideoId id, String message, Instant now) {
        update("mark a video failed", id,
                Updates.set(STATUS, "error"),
                Updates.set(PROCESSING_MESSAGE, message),
                Updates.set(ERROR_MESSAGE, message),
                Updates.set(UPDATED_AT, WireFormat.time(now)));
    }

    private void update(String action, VideoId id, Bson... changes) {
        StoreCalls.run(action, () -> videos.updateOne(byId(id), Updates.combine(changes)));
    }

    private static Bson byId(VideoId id) {
        return Filters.eq(ID, new ObjectId(id.hex()));
    }
}
