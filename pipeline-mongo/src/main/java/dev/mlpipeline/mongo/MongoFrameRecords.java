package dev.mlpipeline.mongo;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoCommandException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.WriteModel;
import dev.mlpipeline.core.domain.BoundingBox;
import dev.mlpipeline.core.domain.Detection;
import dev.mlpipeline.core.domain.FrameRecord;
import dev.mlpipeline.core.domain.LeaseToken;
import dev.mlpipeline.core.domain.Position;
import dev.mlpipeline.core.port.Clock;
import dev.mlpipeline.core.domain.VideoId;
import dev.mlpipeline.core.port.DetectionsSink;
import dev.mlpipeline.core.port.FrameQueries;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;

/**
 * The main backend's {@code frames} collection: one document per sampled frame of a job's video, in the
 * shape its front-end reads ({@code video_id} as a string, {@code frame_number}, {@code timestamp} in
 * seconds, {@code detections}, {@code detections_count}, the survey's {@code survey_id} and
 * {@code route_id}, and with a track {@code location}, {@code altitude}, {@code gpx_timestamp}).
 *
 * <p>Frames are written in batches of upserts keyed by video and frame number, so a retry or a takeover
 * replaces a video's frames rather than doubling them; the unique index on {@code video_id} +
 * {@code frame_number} makes that hold against any writer. Each document records the attempt that wrote
 * it ({@code pipeline_attempt}), and an upsert replaces only a document of the same or an earlier
 * attempt (or one no attempt wrote): a worker that lost its job never replaces what the current attempt
 * wrote. A commit removes what earlier attempts left; an attempt that ends without committing removes
 * its own frames. Runs outside a job (no video id or attempt in the header) write nothing here.
 * Thread-safe; each record is not.
 */
public final class MongoFrameRecords implements DetectionsSink, FrameQueries {
    public static final String COLLECTION = "frames";
    static final int DEFAULT_BATCH = 100;
    private static final int DUPLICATE_KEY = 11000;
    private static final System.Logger LOG = System.getLogger(MongoFrameRecords.class.getName());

    private final MongoCollection<Document> frames;
    private final Clock clock;
    private final boolean emptyFrames;
    private final int batch;

    /** {@code emptyFrames}: whether sampled frames without detections get a document too. */
    public MongoFrameRecords(MongoDatabase database, Clock clock, boolean emptyFrames) {
        this(database, clock, emptyFrames, DEFAULT_BATCH);
    }

    MongoFrameRecords(MongoDatabase database, Clock clock, boolean emptyFrames, int batch) {
        this.frames = database.getCollection(COLLECTION);
        this.clock = Objects.requireNonNull(clock);
        this.emptyFrames = emptyFrames;
        this.batch = batch;
    }

    /**
     * Creates the indexes the front-end's queries use, and the unique one on {@code video_id} +
     * {@code frame_number}; safe on every start. A server without {@code 2dsphere} indexes is told in
     * the log, and frames are written all the same.
     */
    public void ensureIndexes() {
        StoreCalls.run("create the frame indexes", () -> {
            frames.createIndex(Indexes.ascending("video_id", "frame_number"), new IndexOptions().unique(true));
            frames.createIndex(Indexes.ascending("route_id", "timestamp"));
            try {
                frames.createIndex(Indexes.geo2dsphere("location"));
            } catch (MongoCommandException e) {
                LOG.log(Level.WARNING, "the database has no 2dsphere index on frames.location: " + e.getErrorMessage());
            }
        });
    }

    @Override
    public Record open(Path target, Header header) {
        if (header.videoId() == null || header.attempt() == null) {
            return new Nothing();
        }
        return new FramesOfOneAttempt(header);
    }

    private final class FramesOfOneAttempt implements Record {
        private final Header header;
        private final String videoId;
        private final LeaseToken attempt;
        private final List<WriteModel<Document>> pending = new ArrayList<>();
        private boolean committed;

        FramesOfOneAttempt(Header header) {
            this.header = header;
            this.videoId = header.videoId().hex();
            this.attempt = header.attempt();
        }

        @Override
        public void frame(FrameRecord frame) {
            if (!emptyFrames && frame.detections().isEmpty() && frame.error() == null) {
                return;
            }
            Bson mine = Filters.and(Filters.eq("video_id", videoId), Filters.eq("frame_number", frame.frameNumber()),
                    Filters.or(Filters.lte("pipeline_attempt", attempt.attempt()),
                            Filters.exists("pipeline_attempt", false)));
            pending.add(new ReplaceOneModel<>(mine, document(frame), new ReplaceOptions().upsert(true)));
            if (pending.size() >= batch) {
                flush();
            }
        }

        private Document document(FrameRecord frame) {
            String now = Timestamps.format(clock.now());
            Document document = new Document("video_id", videoId);
            if (header.survey().surveyId() != null) {
                document.append("survey_id", header.survey().surveyId());
            }
            if (header.survey().routeId() != null) {
                document.append("route_id", header.survey().routeId());
            }
            document.append("frame_number", BsonValues.narrow(frame.frameNumber()))
                    .append("timestamp", frame.timestampSeconds())
                    .append("detections", frame.detections().stream().map(MongoFrameRecords::detection).toList())
                    .append("detections_count", frame.detections().size());
            Map<String, List<Document>> byCategory = byCategory(frame.detections());
            if (!byCategory.isEmpty()) {
                document.append("detections_by_category", new Document(byCategory));
            }
            if (frame.error() != null) {
                document.append("error", frame.error());
            }
            if (frame.framePath() != null) {
                document.append("frame_path", frame.framePath());
            }
            Position position = frame.position();
            if (position != null) {
                document.append("location", new Document("type", "Point")
                                .append("coordinates", List.of(position.lon(), position.lat())))
                        .append("altitude", position.altitude())
                        .append("gpx_timestamp", position.gpxTime() == null ? null : Timestamps.format(position.gpxTime()));
                if (position.estimated()) {
                    document.append("gps_estimated", true);
                }
            }
            return document.append("created_at", now).append("updated_at", now)
                    .append("pipeline_job_id", new ObjectId(attempt.jobId().hex()))
                    .append("pipeline_attempt", attempt.attempt());
        }

        private void flush() {
            if (pending.isEmpty()) {
                return;
            }
            List<WriteModel<Document>> writes = List.copyOf(pending);
            pending.clear();
            StoreCalls.run("write frame records", () -> {
                try {
                    frames.bulkWrite(writes, new BulkWriteOptions().ordered(false));
                } catch (MongoBulkWriteException e) {
                    // a duplicate key is a frame a later attempt already wrote: theirs stands
                    for (BulkWriteError error : e.getWriteErrors()) {
                        if (error.getCode() != DUPLICATE_KEY) {
                            throw e;
                        }
                    }
                }
            });
        }

        @Override
        public void commit(Summary summary) {
            flush();
            StoreCalls.run("remove earlier attempts' frame records", () -> frames.deleteMany(Filters.and(
                    Filters.eq("video_id", videoId),
                    Filters.or(Filters.lt("pipeline_attempt", attempt.attempt()),
                            Filters.exists("pipeline_attempt", false)))));
            committed = true;
        }

        @Override
        public void discardCommitted() {
            removeOwn();
        }

        @Override
        public void close() {
            pending.clear();
            if (!committed) {
                try {
                    removeOwn();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "could not remove the frame records of " + attempt + ": " + e);
                }
            }
        }

        private void removeOwn() {
            StoreCalls.run("remove an attempt's frame records", () -> frames.deleteMany(Filters.and(
                    Filters.eq("video_id", videoId), Filters.eq("pipeline_attempt", attempt.attempt()))));
        }
    }

    @Override
    public Page page(VideoId video, boolean onlyWithDetections, int limit, int offset) {
        Bson filter = ofVideo(video, onlyWithDetections);
        return StoreCalls.call("read frame records", () -> {
            List<Map<String, Object>> items = new ArrayList<>();
            for (Document document : frames.find(filter).sort(Sorts.ascending("frame_number")).skip(offset)
                    .limit(limit)) {
                items.add(BsonValues.plain(document));
            }
            return new Page(items, frames.countDocuments(filter));
        });
    }

    @Override
    public List<Located> withDetections(VideoId video) {
        return StoreCalls.call("read frame records", () -> {
            List<Located> found = new ArrayList<>();
            for (Document document : frames.find(ofVideo(video, true)).sort(Sorts.ascending("frame_number"))) {
                FrameDocuments.read(document).ifPresent(found::add);
            }
            return found;
        });
    }

    private static Bson ofVideo(VideoId video, boolean onlyWithDetections) {
        Bson ofVideo = Filters.eq("video_id", video.hex());
        return onlyWithDetections ? Filters.and(ofVideo, Filters.gt("detections_count", 0)) : ofVideo;
    }

    private static Document detection(Detection detection) {
        BoundingBox box = detection.box();
        Document document = new Document("class_name", detection.className())
                .append("confidence", detection.confidence())
                .append("bbox", new Document("x1", box.x1()).append("y1", box.y1()).append("x2", box.x2())
                        .append("y2", box.y2()));
        if (detection.category() != null) {
            document.append("category", detection.category());
        }
        return detection.trackId() == null ? document : document.append("track_id", detection.trackId());
    }

    /** The frame's detections per model category, as the main backend keeps them; empty with one model. */
    private static Map<String, List<Document>> byCategory(List<Detection> detections) {
        Map<String, List<Document>> groups = new LinkedHashMap<>();
        for (Detection detection : detections) {
            if (detection.category() != null) {
                groups.computeIfAbsent(detection.category(), category -> new ArrayList<>()).add(detection(detection));
            }
        }
        return groups;
    }

    /** A run outside a job: there is no video to file frames under. */
    private static final class Nothing implements Record {
        @Override
        public void frame(FrameRecord frame) {
        }

        @Override
        public void commit(Summary summary) {
        }

        @Override
        public void discardCommitted() {
        }

        @Override
        public void close() {
        }
    }
}
