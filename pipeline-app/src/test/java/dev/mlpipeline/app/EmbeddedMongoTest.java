package dev.mlpipeline.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedMongoTest {
    @TempDir
    Path dir;

    @Test
    void readsWhileTheSameDocumentIsUpdatedNeverFail() throws Exception {
        try (EmbeddedMongo mongo = EmbeddedMongo.start(dir, 0);
                MongoClient client = MongoClients.create(mongo.uri() + "/?retryReads=false&retryWrites=false")) {
            MongoCollection<Document> jobs = client.getDatabase("ml_pipeline").getCollection("processing_jobs");
            jobs.insertOne(new Document("_id", 1).append("progress", 0));
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<Integer>> tasks = new ArrayList<>();
                for (int t = 0; t < 2; t++) {
                    tasks.add(pool.submit(() -> {
                        for (int i = 0; i < 1500; i++) {
                            var change = Updates.combine(Updates.set("progress", i),
                                    Updates.set("status_message", "frame " + i), Updates.set("f" + (i % 20), i),
                                    Updates.unset("f" + ((i + 7) % 20)), Updates.inc("attempts", 1));
                            switch (i % 3) {
                                case 0 -> jobs.updateOne(Filters.eq("_id", 1), change);
                                case 1 -> jobs.findOneAndUpdate(Filters.eq("_id", 1), change);
                                default -> jobs.updateMany(Filters.gte("progress", 0), change);
                            }
                        }
                        return 0;
                    }));
                    tasks.add(pool.submit(() -> {
                        int reads = 0;
                        for (int i = 0; i < 1500; i++) {
                            reads += jobs.find(Filters.gte("progress", -1)).sort(new Document("progress", -1))
                                    .first() == null ? 0 : 1;
                        }
                        return reads;
                    }));
                }
                int reads = 0;
                for (Future<Integer> task : tasks) {
                    reads += task.get();
                }
                assertEquals(3000, reads);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void keepsItsDataAcrossARestart() throws Exception {
        try (EmbeddedMongo mongo = EmbeddedMongo.start(dir, 0);
                MongoClient client = MongoClients.create(mongo.uri())) {
            client.getDatabase("ml_pipeline").getCollection("videos").insertOne(new Document("_id", "v1"));
        }
        try (EmbeddedMongo mongo = EmbeddedMongo.start(dir, 0);
                MongoClient client = MongoClients.create(mongo.uri())) {
            assertEquals(1, client.getDatabase("ml_pipeline").getCollection("videos").countDocuments());
        }
    }
}
