package dev.mlpipeline.mongo;

import dev.mlpipeline.core.domain.Job;
import dev.mlpipeline.core.port.JobRepository;
import dev.mlpipeline.core.testing.JobRepositoryContract;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.bson.Document;
import org.junit.jupiter.api.extension.RegisterExtension;

class MongoJobRepositoryTest extends JobRepositoryContract {
    @RegisterExtension
    static final MongoTestDatabase MONGO = new MongoTestDatabase();

    @Override
    protected JobRepository createRepository() {
        MongoJobRepository repository = new MongoJobRepository(MONGO.database());
        repository.ensureIndexes();
        return repository;
    }

    /** As the origin writes a job: the video's id as a string, naive {@code isoformat()} times. */
    @Override
    protected void insertAsAnotherProgram(Job job) {
        Document document = JobDocuments.toDocument(job);
        document.put("video_id", job.videoId().hex());
        document.put("created_at", naive(job.createdAt()));
        document.put("updated_at", naive(job.updatedAt()));
        document.remove("status_message");
        MONGO.database().getCollection(MongoJobRepository.COLLECTION).insertOne(document);
    }

    private static String naive(java.time.Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC).toString();
    }
}
