package dev.mlpipeline.examples.jdbc;

import dev.mlpipeline.core.domain.JobStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/** Small JDBC helpers: parameters bound by position, instants as UTC timestamps, status words for IN. */
final class Sql {
    /** The SQL state of a unique or primary key violation (ISO/ANSI). */
    private static final String UNIQUE_VIOLATION = "23505";

    private Sql() {
    }

    /** A statement with {@code params} bound in order; an {@link Instant} goes in as a UTC timestamp. */
    static PreparedStatement prepare(Connection connection, String sql, Object... params) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            for (int i = 0; i < params.length; i++) {
                Object param = params[i] instanceof Instant instant ? instant.atOffset(ZoneOffset.UTC) : params[i];
                if (param == null) {
                    statement.setNull(i + 1, Types.NULL);
                } else {
                    statement.setObject(i + 1, param);
                }
            }
            return statement;
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }

    static int update(Connection connection, String sql, Object... params) throws SQLException {
        try (PreparedStatement statement = prepare(connection, sql, params)) {
            return statement.executeUpdate();
        }
    }

    static Instant instant(ResultSet row, String column) throws SQLException {
        OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    static boolean isUniqueViolation(SQLException e) {
        return UNIQUE_VIOLATION.equals(e.getSQLState());
    }

    /** {@code ?, ?, ?} for {@code count} parameters. */
    static String marks(int count) {
        return String.join(", ", Collections.nCopies(count, "?"));
    }

    static List<Object> words(Collection<JobStatus> statuses) {
        List<Object> words = new ArrayList<>();
        statuses.forEach(status -> words.add(status.wire()));
        return words;
    }
}
