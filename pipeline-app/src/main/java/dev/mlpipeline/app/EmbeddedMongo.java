package dev.mlpipeline.app;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A MongoDB-compatible server inside the service (mongo-java-server on H2), for running with no
 * database to install. It listens on loopback so that the main backend and ordinary MongoDB clients
 * on the same machine can share the queue.
 */
final class EmbeddedMongo implements AutoCloseable {
    static final String FILE_NAME = "ml-pipeline.mv.db";

    private final H2Backend backend;
    private final MongoServer server;
    private final InetSocketAddress address;

    private EmbeddedMongo(H2Backend backend, MongoServer server, InetSocketAddress address) {
        this.backend = backend;
        this.server = server;
        this.address = address;
    }

    static EmbeddedMongo start(Path dataDir, int port) throws IOException {
        Files.createDirectories(dataDir);
        H2Backend backend = DurableH2Backend.open(dataDir.resolve(FILE_NAME));
        MongoServer server = new MongoServer(backend);
        try {
            server.bind("127.0.0.1", port);
        } catch (RuntimeException e) {
            backend.close();
            throw new IOException("cannot listen on 127.0.0.1:" + port + " for the embedded MongoDB"
                    + " (set EMBEDDED_MONGO_PORT, 0 for any free port, or MONGO_URI): " + e.getMessage(), e);
        }
        return new EmbeddedMongo(backend, server, server.getLocalAddress());
    }

    String uri() {
        return "mongodb://127.0.0.1:" + address.getPort();
    }

    /** Stops listening and writes everything to disk. */
    @Override
    public void close() {
        server.shutdown();
        backend.close();
    }
}
