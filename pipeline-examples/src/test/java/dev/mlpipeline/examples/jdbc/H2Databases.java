package dev.mlpipeline.examples.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.h2.jdbcx.JdbcDataSource;

/** Fresh H2 databases in memory, one per test, and their end. */
final class H2Databases {
    private static final AtomicInteger COUNT = new AtomicInteger();

    private H2Databases() {
    }

    /** An empty database of its own; it lives until {@link #drop}, not only while a connection is open. */
    static JdbcDataSource fresh(String purpose) {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:" + purpose + "-" + COUNT.incrementAndGet() + ";DB_CLOSE_DELAY=-1");
        return dataSource;
    }

    static void drop(JdbcDataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("SHUTDOWN");
        }
    }
}
