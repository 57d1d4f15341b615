package dev.mlpipeline.mongo;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MongoIndexesTest {
    @RegisterExtension
    static final MongoTestDatabase MONGO = new MongoTestDatabase();

    @Test
    void ensureIndexesCanRunOnEveryStart() {
        MongoJobRepository repository = new MongoJobRepository(MONGO.database());

        assertDoesNotThrow(repository::ensureIndexes);
        assertDoesNotThrow(repository::ensureIndexes);
    }

    @Test
    void ensureIndexesCreatesTheQueueIndexes() {
        // mongo-java-server accepts secondary indexes but does not keep them: only a real server can tell
        assumeTrue(MongoTestDatabase.usesRealMongo(), "needs a real MongoDB at " + MongoTestDatabase.URI_VARIABLE);
        MongoJobRepository repository = new MongoJobRepository(MONGO.database());
        repository.ensureIndexes();
        repository.ensureIndexes();

        List<Document> keys = new ArrayList<>();
        MONGO.database().getCollection(MongoJobRepository.COLLECTION).listIndexes()
                .forEach(index -> keys.add(index.get("key", Document.class)));

        for (Document expected : List.of(
                new Document("status", 1).append("created_at", 1),
                new Document("status", 1).append("lease_expires_at", 1),
                new Document("created_at", -1),
                new Document("video_id", 1))) {
            assertTrue(keys.stream().anyMatch(key -> sameKey(expected, key)), expected.toJson() + " missing in " + keys);
        }
    }

    private static boolean sameKey(Document expected, Document actual) {
        if (!new ArrayList<>(expected.keySet()).equals(new ArrayList<>(actual.keySet()))) {
            return false;
        }
        return expected.keySet().stream()
                .allMatch(name -> ((Number) expected.get(name)).intValue() == ((Number) actual.get(name)).intValue());
    }
}
