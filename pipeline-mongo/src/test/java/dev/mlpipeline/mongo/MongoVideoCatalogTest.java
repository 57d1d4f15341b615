package dev.mlpipeline.mongo;

import dev.mlpipeline.core.domain.Video;
import dev.mlpipeline.core.port.VideoCatalog;
import dev.mlpipeline.core.testing.VideoCatalogContract;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.extension.RegisterExtension;

class MongoVideoCatalogTest extends VideoCatalogContract {
    @RegisterExtension
    static final MongoTestDatabase MONGO = new MongoTestDatabase();

    @Override
    protected VideoCatalog createCatalog() {
        return new MongoVideoCatalog(MONGO.database());
    }

    /** As the main backend uploads it: with its own fields beside the ones the pipeline reads. */
    @Override
    protected void addVideo(Video video) {
        MONGO.database().getCollection(MongoVideoCatalog.COLLECTION).insertOne(new Document()
                .append("_id", new ObjectId(video.id().hex()))
                .append("storage_url", video.storageUrl())
                .append("title", "A clip")
                .append("uploaded_at", new Date())
                .append("file_size", 1_234_567L)
                .append("tags", List.of("street", "night"))
                .append("owner", new Document("user_id", new ObjectId()).append("name", "someone")));
    }
}
