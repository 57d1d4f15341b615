package dev.mlpipeline.app;

import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import de.bwaldvogel.mongo.wire.message.MongoQuery;
import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.List;

/**
 * mongo-java-server's H2 backend, answering with copies. The stock backend puts the stored documents
 * themselves into its replies and encodes them after the command has returned, so an update running
 * at the same time can change a document while it is being encoded: the encoder throws a
 * ConcurrentModificationException and the client's connection is dropped (seen under the worker's
 * progress writes while the API reads the same job). Here every command runs under one lock and
 * returns a deep copy, so a reply is a consistent snapshot.
 */
final class SnapshotH2Backend extends H2Backend {
    private final Object lock = new Object();

    SnapshotH2Backend(String fileName) {
        super(fileName);
    }

    @Override
    public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
        synchronized (lock) {
            return copy(super.handleCommand(channel, databaseName, command, query));
        }
    }

    @Override
    public Document handleMessage(MongoMessage message) {
        synchronized (lock) {
            return copy(super.handleMessage(message));
        }
    }

    @Override
    public QueryResult handleQuery(MongoQuery query) {
        synchronized (lock) {
            QueryResult result = super.handleQuery(query);
            List<Document> copies = new ArrayList<>();
            result.forEach(document -> copies.add(copy(document)));
            return new QueryResult(copies, result.getCursorId());
        }
    }

    private static Document copy(Document document) {
        return document == null ? null : document.cloneDeeply();
    }
}
