package dev.mlpipeline.app;

import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerError;
import de.bwaldvogel.mongo.exception.MongoServerException;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Set;

/**
 * What the embedded server needs so that today's MongoDB clients (mongosh 2.x, the Node.js driver 7.x,
 * and every other driver that follows the same specifications) connect and get the answers a real
 * standalone MongoDB would give:
 * <ul>
 * <li>It reports MongoDB 4.4 (wire version 9), the oldest server those clients accept, so that they
 * send nothing that only later servers understand. mongo-java-server's own versions stop at wire 8.</li>
 * <li>Its handshake reply carries {@code logicalSessionTimeoutMinutes}, which is how a driver learns
 * that the server has sessions; without it explicit sessions fail in the client. The server ignores
 * the {@code lsid} that clients then add to each command, as a standalone MongoDB effectively does.</li>
 * <li>What a standalone server cannot do gets a standalone server's error: transactions
 * (IllegalOperation, 20) and change streams (40573). Dropping a missing collection answers
 * NamespaceNotFound (26), which drivers treat as success. Messages that want no reply are run
 * without one ({@link MoreToCome}).</li>
 * <li>Failed commands are answered as errors to the client and logged here at DEBUG: a client's
 * mistake, or a probe for a command that only Atlas has, is not the service's error. Failures that
 * are bugs of the embedded server get one WARNING line, never a stack trace at ERROR.</li>
 * </ul>
 */
final class ClientCompatibility {
    private static final System.Logger LOG = System.getLogger(ClientCompatibility.class.getName());

    /** MongoDB 4.4.0: wire version 9, what mongosh 2.x and the Node.js driver 7.x require at least. */
    static final MongoVersion VERSION = new MongoVersion() {
        @Override
        public List<Integer> getVersionArray() {
            return List.of(4, 4, 0);
        }

        @Override
        public int getWireVersion() {
            return 9;
        }
    };

    /** MongoDB's default session time-out. */
    static final int SESSION_TIMEOUT_MINUTES = 30;

    private static final Set<String> HANDSHAKES = Set.of("hello", "isMaster", "ismaster");
    private static final Set<String> TRANSACTION_COMMANDS = Set.of("commitTransaction", "abortTransaction");

    private ClientCompatibility() {
    }

    static boolean isHandshake(String command) {
        return HANDSHAKES.contains(command);
    }

    /** Throws a standalone server's error for a command that it could not run; does nothing otherwise. */
    static void refuseUnsupported(String command, Document query) {
        if (TRANSACTION_COMMANDS.contains(command) || query.containsKey("startTransaction")) {
            throw new MongoServerError(20, "IllegalOperation", "transactions need a replica set; the embedded"
                    + " server is a standalone server: set MONGO_URI to a replica set to use them");
        }
        if (query.containsKey("txnNumber")) {
            // the words drivers recognise, to tell their user to add retryWrites=false
            throw new MongoServerError(20, "IllegalOperation",
                    "Transaction numbers are only allowed on a replica set member or mongos");
        }
        if ("aggregate".equals(command) && query.get("pipeline") instanceof List<?> stages && !stages.isEmpty()
                && stages.get(0) instanceof Document first && first.containsKey("$changeStream")) {
            throw new MongoServerError(40573, "Location40573",
                    "The $changeStream stage is only supported on replica sets");
        }
    }

    /** The reply as a client expects it: the handshake tells that sessions are supported. */
    static Document amend(String command, Document reply) {
        if (reply != null && HANDSHAKES.contains(command)) {
            reply.putIfAbsent("logicalSessionTimeoutMinutes", SESSION_TIMEOUT_MINUTES);
        }
        return reply;
    }

    /** The error reply for a failed command, as MongoDB writes one: {@code ok: 0}, a message, a code. */
    static Document errorReply(String command, RuntimeException failure) {
        MongoServerException error;
        if (failure instanceof MongoServerException known) {
            error = "drop".equals(command) && "ns not found".equals(known.getMessageWithoutErrorCode())
                    ? new MongoServerError(26, "NamespaceNotFound", "ns not found") : known;
            LOG.log(Level.DEBUG, () -> "embedded MongoDB answered '" + command + "' with an error: "
                    + error.getMessageWithoutErrorCode());
        } else {
            LOG.log(Level.WARNING, "embedded MongoDB could not run '" + command + "': " + failure);
            LOG.log(Level.DEBUG, "the failure of '" + command + "'", failure);
            error = new MongoServerError(1, "InternalError",
                    "the embedded server cannot run '" + command + "': " + failure.getClass().getSimpleName());
        }
        Document reply = new Document();
        reply.put("ok", 0.0);
        reply.put("errmsg", error.getMessageWithoutErrorCode());
        if (error instanceof MongoServerError coded) {
            reply.put("code", coded.getCode());
            reply.putIfNotNull("codeName", coded.getCodeName());
        }
        return reply;
    }
}
