package dev.mlpipeline.mongo;

import static dev.mlpipeline.core.testing.Builders.T0;
import static dev.mlpipeline.core.testing.Builders.aPendingJob;
import static dev.mlpipeline.core.testing.Builders.aVideoId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import dev.mlpipeline.core.domain.JobId;
import dev.mlpipeline.core.domain.LeaseToken;
import dev.mlpipeline.core.domain.QueueRules;
import dev.mlpipeline.core.port.HealthCheck.Health;
import dev.mlpipeline.core.port.StoreUnavailableException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Behaviour when nothing answers on the configured address, and the health check on both sides. */
class MongoOutageAndHealthTest {
    @RegisterExtension
    static final MongoTestDatabase MONGO = new MongoTestDatabase();

    private MongoClient unreachable;
    private MongoDatabase nowhere;

    @BeforeEach
    void connectToAClosedPort() {
        unreachable = MongoTestDatabase.connect("mongodb://127.0.0.1:" + MongoTestDatabase.closedPort(), 500);
        nowhere = unreachable.getDatabase("nowhere");
    }

    @AfterEach
    void close() {
        unreachable.close();
    }

    @Test
    void repositoryReportsTheStoreAsUnavailable() {
        MongoJobRepository repository = new MongoJobRepository(nowhere);

        StoreUnavailableException e = assertThrows(StoreUnavailableException.class,
                () -> repository.claimNext("w1", T0, QueueRules.defaults()));
        assertTrue(e.getMessage().startsWith("MongoDB is unavailable, could not"), e.getMessage());
        assertThrows(StoreUnavailableException.class, () -> repository.insert(aPendingJob().build()));
        assertThrows(StoreUnavailableException.class, () -> repository.findById(JobId.next(T0)));
        assertThrows(StoreUnavailableException.class, repository::ensureIndexes);
    }

    @Test
    void catalogReportsTheStoreAsUnavailable() {
        MongoVideoCatalog catalog = new MongoVideoCatalog(nowhere);

        assertThrows(StoreUnavailableException.class, () -> catalog.find(aVideoId()));
        assertThrows(StoreUnavailableException.class,
                () -> catalog.markError(aVideoId(), new LeaseToken(JobId.next(T0), "w1", 1), "x", T0));
    }

    @Test
    void healthIsDownWhenNothingAnswers() {
        MongoHealthCheck check = new MongoHealthCheck(nowhere, Duration.ofMillis(300));

        long started = System.nanoTime();
        Health health = check.check();

        assertFalse(health.up(), health.detail());
        assertTrue(health.detail().startsWith("ping failed"), health.detail());
        assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(5)) < 0);
        assertEquals("mongodb", check.name());
    }

    @Test
    void healthIsUpOnALiveServer() {
        Health health = new MongoHealthCheck(MONGO.database(), Duration.ofSeconds(2)).check();

        assertTrue(health.up(), health.detail());
    }
}
