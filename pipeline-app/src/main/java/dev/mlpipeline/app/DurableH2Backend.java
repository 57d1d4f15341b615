package dev.mlpipeline.app;

import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import de.bwaldvogel.mongo.wire.message.MongoQuery;
import io.netty.channel.Channel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.h2.mvstore.MVStore;

/**
 * mongo-java-server's H2 backend, made durable and consistent:
 * <ul>
 * <li>Every command that changed anything is committed to the file before its reply is sent, so a
 * write acknowledged to any client survives the process being killed (SIGKILL). The stock backend
 * leaves that to H2's background commit, about a second later, and loses acknowledged writes. The
 * commit reaches the operating system, not the disk platter: a power cut may still lose the last
 * writes, as with MongoDB's own default journal interval.</li>
 * <li>Replies are deep copies taken under the same lock. The stock backend puts the stored documents
 * themselves into its replies and encodes them after the command has returned, so an update running
 * meanwhile could change a document while it was being encoded (a ConcurrentModificationException
 * that drops the client's connection, seen under the worker's progress writes).</li>
 * </ul>
 * One lock serialises commands, which is what makes each commit cover whole commands only. A
 * message calls back into {@link #handleCommand}; only the outermost call copies and commits.
 * {@link ClientCompatibility} shapes what clients see: the handshake, the errors, the logging.
 */
final class DurableH2Backend extends H2Backend {
    private final MVStore store;
    private final Object lock = new Object();
    private int depth;

    private DurableH2Backend(MVStore store) {
        super(store);
        this.store = store;
    }

    static DurableH2Backend open(Path file) {
        DurableH2Backend backend =
                new DurableH2Backend(new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().open());
        backend.version(ClientCompatibility.VERSION);
        return backend;
    }

    @Override
    public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
        return committed(() -> {
            ClientCompatibility.refuseUnsupported(command, query);
            if (ClientCompatibility.isHandshake(command)) {
                MoreToCome.install(channel);
            }
            return ClientCompatibility.amend(command, super.handleCommand(channel, databaseName, command, query));
        }, DurableH2Backend::copy, failure -> ClientCompatibility.errorReply(command, failure));
    }

    @Override
    public Document handleMessage(MongoMessage message) {
        return committed(() -> super.handleMessage(message), DurableH2Backend::copy,
                failure -> ClientCompatibility.errorReply(commandOf(message.getDocument()), failure));
    }

    @Override
    public QueryResult handleQuery(MongoQuery query) {
        return committed(() -> super.handleQuery(query), result -> {
            List<Document> copies = new ArrayList<>();
            result.forEach(document -> copies.add(copy(document)));
            return new QueryResult(copies, result.getCursorId());
        }, failure -> {
            throw failure;
        });
    }

    /**
     * Runs a command under the lock; the outermost call copies its reply, commits, and answers a
     * failure with {@code onFailure} (a command nested in a message fails its message instead).
     */
    private <T> T committed(Supplier<T> command, UnaryOperator<T> copy, Function<RuntimeException, T> onFailure) {
        synchronized (lock) {
            depth++;
            try {
                T result = command.get();
                return depth == 1 ? copy.apply(result) : result;
            } catch (RuntimeException e) {
                if (depth > 1) {
                    throw e;
                }
                return onFailure.apply(e);
            } finally {
                depth--;
                // also after a failed command: an insert of many documents may have stored some
                if (depth == 0 && store.hasUnsavedChanges()) {
                    store.commit();
                }
            }
        }
    }

    private static String commandOf(Document message) {
        return message == null || message.isEmpty() ? "" : message.keySet().iterator().next();
    }

    private static Document copy(Document document) {
        return document == null ? null : document.cloneDeeply();
    }
}
