package dev.mlpipeline.mongo;

import com.mongodb.client.MongoDatabase;
import dev.mlpipeline.core.port.HealthCheck;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.bson.Document;

/** Pings the database; the timeout keeps a health probe from waiting out the client's own, longer one. */
public final class MongoHealthCheck implements HealthCheck {
    private final MongoDatabase database;
    private final Duration timeout;

    public MongoHealthCheck(MongoDatabase database, Duration timeout) {
        // withTimeout (client-side operation timeout) also bounds server selection, which is where an
        // unreachable server makes a ping wait; the driver still marks it @Alpha
        this.database = database.withTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        this.timeout = timeout;
    }

    public MongoHealthCheck(MongoDatabase database) {
        this(database, Duration.ofSeconds(2));
    }

    @Override
    public String name() {
        return "mongodb";
    }

    @Override
    public Health check() {
        long started = System.nanoTime();
        try {
            database.runCommand(new Document("ping", 1));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            return Health.up("ping to database " + database.getName() + " answered in " + millis + " ms");
        } catch (RuntimeException e) {
            return Health.down("ping failed (timeout " + timeout.toMillis() + " ms): "
                    + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
