package dev.mlpipeline.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import dev.mlpipeline.core.testing.Await;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.bson.Document;
import org.bson.types.ObjectId;

/**
 * Plays the main backend against a service's database with an ordinary MongoDB client: inserts
 * videos and jobs directly and reads what the service wrote.
 */
final class MainBackend implements AutoCloseable {
    private final MongoClient client;
    private final MongoCollection<Document> videos;
    private final MongoCollection<Document> jobs;
    private final MongoCollection<Document> frames;

    MainBackend(String uri) {
        client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(uri))
                .applyToClusterSettings(c -> c.serverSelectionTimeout(5, TimeUnit.SECONDS))
                .build());
        videos = client.getDatabase("ml_pipeline").getCollection("videos");
        jobs = client.getDatabase("ml_pipeline").getCollection("processing_jobs");
        frames = client.getDatabase("ml_pipeline").getCollection("frames");
    }

    ObjectId insertVideo(String storageUrl) {
        return insertVideo(new Document("storage_url", storageUrl).append("status", "uploaded"));
    }

    ObjectId insertVideo(Document video) {
        ObjectId id = new ObjectId();
        Document document = new Document("_id", id).append("title", "a survey clip").append("survey_id", "s-1")
                .append("route_id", 7).append("status", "uploaded");
        document.putAll(video);
        videos.insertOne(document);
        return id;
    }

    /** A pending job as the main backend inserts it, with no field the service adds. */
    ObjectId insertJob(ObjectId video, Document extra) {
        ObjectId id = new ObjectId();
        Document document = new Document("_id", id).append("video_id", video).append("status", "pending")
                .append("progress", 0).append("created_at", java.time.Instant.now().toString());
        document.putAll(extra);
        jobs.insertOne(document);
        return id;
    }

    /**
     * Pauses {@code a} (SIGSTOP) while it holds {@code job}, waits out its lease ({@code LEASE_SECONDS=2}),
     * starts {@code b}'s worker and waits until {@code b} completed the job; returns the job as completed.
     */
    Document takeOver(ObjectId job, ServiceProcess a, ServiceProcess b, Duration wait) throws Exception {
        a.pause();
        Document paused = job(job);
        assertNotEquals("completed", paused.get("status"), "A was paused before it completed the job");
        String workerA = paused.getString("worker_id");
        Thread.sleep(2_500); // A's lease runs out
        assertEquals(200, b.client().post("/worker/start", "").status());
        Document completed = awaitJob(job, wait, "completed by B", j -> "completed".equals(j.get("status")));
        assertNotEquals(workerA, completed.getString("worker_id"));
        return completed;
    }

    /** The video's frame records, by frame number. */
    java.util.List<Document> frames(ObjectId video) {
        return frames.find(new Document("video_id", video.toHexString())).sort(new Document("frame_number", 1))
                .into(new java.util.ArrayList<>());
    }

    Document job(ObjectId id) {
        return jobs.find(new Document("_id", id)).first();
    }

    Document video(ObjectId id) {
        return videos.find(new Document("_id", id)).first();
    }

    MongoCollection<Document> jobs() {
        return jobs;
    }

    MongoCollection<Document> videos() {
        return videos;
    }

    /** The frame records of a video, as its front-end finds them. */
    long frameCount(ObjectId video) {
        return frames.countDocuments(new Document("video_id", video.toHexString()));
    }

    /** Polls the job every few milliseconds until {@code condition} holds; the job as last read. */
    Document awaitJob(ObjectId id, Duration timeout, String what, Predicate<Document> condition) {
        Document[] seen = new Document[1];
        try {
            Await.until("job " + id + " " + what, timeout, () -> {
                seen[0] = job(id);
                return seen[0] != null && condition.test(seen[0]);
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; last seen: " + seen[0], e);
        }
        return seen[0];
    }

    @Override
    public void close() {
        client.close();
    }
}
