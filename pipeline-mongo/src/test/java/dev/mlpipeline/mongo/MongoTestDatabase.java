package dev.mlpipeline.mongo;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh, uniquely named database for each test, dropped afterwards. The server is an in-process
 * mongo-java-server on a random loopback port, or the real MongoDB at {@code MONGO_TEST_URI} when
 * that is set. Register it as a static {@code @RegisterExtension} field.
 */
final class MongoTestDatabase implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback {
    static final String URI_VARIABLE = "MONGO_TEST_URI";

    private MongoServer server;
    private MongoClient client;
    private MongoDatabase database;

    static boolean usesRealMongo() {
        String uri = System.getenv(URI_VARIABLE);
        return uri != null && !uri.isBlank();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        String uri;
        if (usesRealMongo()) {
            uri = System.getenv(URI_VARIABLE);
        } else {
            server = new MongoServer(new MemoryBackend());
            server.bind("127.0.0.1", 0);
            InetSocketAddress address = server.getLocalAddress();
            uri = "mongodb://127.0.0.1:" + address.getPort();
        }
        client = connect(uri, 2_000);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        database = client.getDatabase("test_" + UUID.randomUUID().toString().replace("-", ""));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (database != null) {
            database.drop();
            database = null;
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        client.close();
        if (server != null) {
            server.shutdownNow();
        }
    }

    MongoDatabase database() {
        if (database == null) {
            throw new IllegalStateException("no test is running");
        }
        return database;
    }

    /** A client that gives up on an unreachable server quickly, so that such tests stay fast. */
    static MongoClient connect(String uri, int serverSelectionMillis) {
        return MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(uri))
                .applyToClusterSettings(c -> c.serverSelectionTimeout(serverSelectionMillis, TimeUnit.MILLISECONDS))
                .applyToSocketSettings(s -> s.connectTimeout(serverSelectionMillis, TimeUnit.MILLISECONDS))
                .build());
    }

    /** A loopback port nothing listens on (it was free a moment ago). */
    static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
