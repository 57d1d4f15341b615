package dev.mlpipeline.mongo;

import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoSecurityException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import dev.mlpipeline.core.port.StoreUnavailableException;
import java.util.function.Supplier;

/**
 * Runs driver calls so that "the server cannot be reached" surfaces as the port's
 * {@link StoreUnavailableException}, which callers may retry, while every other driver error (a bad
 * query, a duplicate key) stays what it is: retrying those would not help.
 */
final class StoreCalls {
    private StoreCalls() {
    }

    static <T> T call(String action, Supplier<T> operation) {
        try {
            return operation.get();
        } catch (MongoTimeoutException | MongoSocketException | MongoSecurityException
                | MongoNotPrimaryException | MongoNodeIsRecoveringException e) {
            throw new StoreUnavailableException("MongoDB is unavailable, could not " + action + ": "
                    + e.getMessage(), e);
        }
    }

    static void run(String action, Runnable operation) {
        call(action, () -> {
            operation.run();
            return null;
        });
    }
}
