package io.shipwatch.status.store;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;

/** Runs JDBC work in micronaut-data transactions; repositories called inside join them. */
@Singleton
public class Transactions {
    private final TransactionOperations<Connection> tx;

    public Transactions(TransactionOperations<Connection> tx) {
        this.tx = tx;
    }

    public <R> R write(Sql<R> work) {
        return tx.executeWrite(status -> call(work, status.getConnection()));
    }

    public <R> R read(Sql<R> work) {
        return tx.executeRead(status -> call(work, status.getConnection()));
    }

    private static <R> R call(Sql<R> work, Connection c) {
        try {
            return work.run(c);
        } catch (SQLException e) {
            throw new Sql.Failure(e);
        }
    }
}
