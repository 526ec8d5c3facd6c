package io.shipwatch.platform.db;

import java.sql.Connection;
import java.sql.SQLException;

/** JDBC work inside a transaction callback, with SQLException kept as the cause. */
@FunctionalInterface
public interface Sql<R> {
    R run(Connection c) throws SQLException;

    /** A SQLException escaping a transaction callback; the error mapping reads its SQLState. */
    final class Failure extends RuntimeException {
        Failure(SQLException cause) {
            super(cause);
        }
    }
}
