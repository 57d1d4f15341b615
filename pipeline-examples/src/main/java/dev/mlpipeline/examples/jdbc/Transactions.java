package dev.mlpipeline.examples.jdbc;

import dev.mlpipeline.core.port.StoreUnavailableException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Objects;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Runs each piece of work in a transaction of its own, on a connection of its own, and turns SQL failures
 * into what the port promises: "cannot reach the database" becomes {@link StoreUnavailableException}; a
 * lock wait that timed out or a deadlock is tried again in a new transaction, and becomes
 * {@link StoreUnavailableException} too when it keeps happening (the database is too busy now, it may not be
 * later); any other failure is a bug or a schema that is not this store's, and is thrown as an
 * {@link IllegalStateException}.
 */
final class Transactions {
    private static final int MAX_TRIES = 50;
    // connection exceptions (class 08) and H2's own words for a database that is gone
    private static final Set<String> UNREACHABLE = Set.of("90067", "90098", "90121");
    // a lock wait timed out, a deadlock, H2's "concurrent update": another transaction was in the way
    private static final Set<String> IN_THE_WAY = Set.of("HYT00", "40001", "90131");

    private final DataSource dataSource;

    Transactions(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /** Work on a connection that is in a transaction; committed when it returns, rolled back when it throws. */
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * Thrown by work whose write found the row changed since it was read (its version moved on): the
     * transaction is rolled back and the work runs again from its reads.
     */
    static final class LostRace extends RuntimeException {
        LostRace() {
            super(null, null, false, false);
        }
    }

    <T> T run(String action, Work<T> work) {
        SQLException last = null;
        for (int tries = 0; tries < MAX_TRIES; tries++) {
            try {
                return once(action, work);
            } catch (LostRace e) {
                last = null;
            } catch (SQLException e) {
                if (isUnreachable(e)) {
                    throw unavailable(action, e);
                }
                if (!IN_THE_WAY.contains(e.getSQLState())) {
                    throw new IllegalStateException("could not " + action + ": " + e.getMessage(), e);
                }
                last = e;
            }
        }
        throw new StoreUnavailableException("the database stayed busy, could not " + action, last);
    }

    private <T> T once(String action, Work<T> work) throws SQLException {
        Connection connection;
        try {
            connection = dataSource.getConnection();
        } catch (SQLException e) {
            throw unavailable(action, e);
        }
        try (connection) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                rollback(connection, e);
                throw e;
            }
        }
    }

    private static void rollback(Connection connection, Throwable cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private static boolean isUnreachable(SQLException e) {
        String state = e.getSQLState();
        return e instanceof SQLNonTransientConnectionException || e instanceof SQLTransientConnectionException
                || state != null && (state.startsWith("08") || UNREACHABLE.contains(state));
    }

    private static StoreUnavailableException unavailable(String action, SQLException e) {
        return new StoreUnavailableException("the database cannot be reached, could not " + action + ": "
                + e.getMessage(), e);
    }
}
