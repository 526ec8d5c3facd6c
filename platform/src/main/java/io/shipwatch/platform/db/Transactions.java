package io.shipwatch.platform.db;

import io.grpc.Context;
import io.grpc.Deadline;
import io.micronaut.transaction.TransactionOperations;
import io.shipwatch.platform.errors.ErrorKind;
import io.shipwatch.platform.errors.ServiceException;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Runs JDBC work in micronaut-data transactions; repositories called inside join them. Work
 * for a call whose deadline has passed, or that the client cancelled, is not started.
 */
@Singleton
public class Transactions {
    private final TransactionOperations<Connection> tx;

    public Transactions(TransactionOperations<Connection> tx) {
        this.tx = tx;
    }

    public <R> R write(Sql<R> work) {
        stillWanted();
        return tx.executeWrite(status -> call(work, status.getConnection()));
    }

    public <R> R read(Sql<R> work) {
        stillWanted();
        return tx.executeRead(status -> call(work, status.getConnection()));
    }

    private static void stillWanted() {
        Context call = Context.current();
        if (call.isCancelled()) {
            Deadline deadline = call.getDeadline();
            throw deadline != null && deadline.isExpired()
                    ? ServiceException.of(ErrorKind.DEADLINE_EXCEEDED, "DEADLINE_EXCEEDED", "the call's deadline passed")
                    : ServiceException.of(ErrorKind.UNAVAILABLE, "CANCELLED", "the call was cancelled");
        }
    }

    private static <R> R call(Sql<R> work, Connection c) {
        try {
            return work.run(c);
        } catch (SQLException e) {
            throw new Sql.Failure(e);
        }
    }
}
