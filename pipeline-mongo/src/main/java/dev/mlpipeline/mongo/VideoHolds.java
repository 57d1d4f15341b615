package dev.mlpipeline.mongo;

import static dev.mlpipeline.mongo.JobFields.ACTIVE_VIDEO_ID;
import static dev.mlpipeline.mongo.JobFields.ID;
import static dev.mlpipeline.mongo.JobFields.STATUS;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoServerException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Updates;
import dev.mlpipeline.core.domain.JobLifecycle;
import dev.mlpipeline.core.domain.VideoId;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.bson.Document;
import org.bson.types.ObjectId;

/**
 * The hold an open job keeps on its video: {@code active_video_id}, made exclusive by a unique sparse
 * index. Its value is always the video's id as an ObjectId, however the job's {@code video_id} was
 * stored (the main backend may write a string), so that one video is one key. Every lookup here is by
 * a single indexed field, which even the embedded server answers without a scan. Thread-safe.
 */
final class VideoHolds {
    private static final System.Logger LOG = System.getLogger(VideoHolds.class.getName());
    private static final List<String> OPEN = JobQueries.words(JobLifecycle.OPEN);

    private final MongoCollection<Document> jobs;
    // jobs this instance found waiting for their video (job id -> video): passed by without another
    // claim while the video's holder is open, so a waiting job is not claimed and given back every poll
    private final Map<Object, ObjectId> waiting = new ConcurrentHashMap<>();

    VideoHolds(MongoCollection<Document> jobs) {
        this.jobs = jobs;
    }

    static ObjectId key(VideoId video) {
        return new ObjectId(video.hex());
    }

    static boolean isDuplicateKey(MongoServerException e) {
        return ErrorCategory.fromErrorCode(e.getCode()) == ErrorCategory.DUPLICATE_KEY;
    }

    /**
     * Makes the just-claimed job hold its video, unless another open job does; the unique index decides.
     * Written by id alone: the claim is ours, and the value is the job's own video either way.
     */
    boolean take(Object job, ObjectId video, Object heldNow) {
        if (video.equals(heldNow)) {
            return true;
        }
        for (int tries = 0; tries < 2; tries++) {
            try {
                jobs.updateOne(Filters.eq(ID, job), Updates.set(ACTIVE_VIDEO_ID, video));
                return true;
            } catch (MongoWriteException e) {
                if (!isDuplicateKey(e) || !releaseStale(video)) {
                    return false;
                }
            }
        }
        return false;
    }

    /** Notes a job given back because its video is held, to pass it by until the holder ends. */
    void waitFor(Object job, ObjectId video) {
        waiting.put(job, video);
    }

    /** The jobs found waiting whose video is still held by another open job; forgets the others. */
    List<Object> stillWaiting() {
        List<Object> still = new ArrayList<>();
        waiting.forEach((job, video) -> {
            Document holder = holderOf(video);
            if (holder != null && !job.equals(holder.get(ID)) && OPEN.contains(String.valueOf(holder.get(STATUS)))) {
                still.add(job);
            } else {
                waiting.remove(job, video);
            }
        });
        return still;
    }

    /**
     * Frees a video held by a job that is no longer open, which happens only when another program
     * finished or cancelled a job by hand and left our field behind; true when the video is free.
     */
    boolean releaseStale(ObjectId video) {
        Document holder = holderOf(video);
        if (holder == null) {
            return true; // freed meanwhile
        }
        if (OPEN.contains(String.valueOf(holder.get(STATUS)))) {
            return false;
        }
        LOG.log(Level.WARNING, "job " + holder.get(ID) + " is " + holder.get(STATUS) + " but still held its video;"
                + " freeing the video for the next job");
        return jobs.updateOne(Filters.and(Filters.eq(ID, holder.get(ID)), Filters.eq(STATUS, holder.get(STATUS)),
                Filters.eq(ACTIVE_VIDEO_ID, video)), Updates.unset(ACTIVE_VIDEO_ID)).getMatchedCount() == 1;
    }

    /** The id of the job that holds the video, if any does. */
    Optional<Object> holder(ObjectId video) {
        return Optional.ofNullable(holderOf(video)).map(document -> document.get(ID));
    }

    private Document holderOf(ObjectId video) {
        return jobs.find(Filters.eq(ACTIVE_VIDEO_ID, video)).projection(Projections.include(STATUS)).first();
    }
}
