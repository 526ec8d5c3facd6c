package io.shipwatch.metrics.store;

import io.shipwatch.platform.testing.Infra;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;

/** A fresh, migrated database of its own for a store test, with one connection that does not auto-commit. */
final class StoreDatabase implements AutoCloseable {
    private final String url;
    private final Connection connection;

    StoreDatabase(String name) throws SQLException {
        Infra.PostgresServer pg = Infra.postgres().orElseThrow();
        url = pg.freshDatabase(name);
        migrate();
        connection = DriverManager.getConnection(url, pg.user(), pg.password());
        connection.setAutoCommit(false);
    }

    Connection connection() {
        return connection;
    }

    /** Runs the service's migrations not yet applied. */
    void migrate() {
        Infra.PostgresServer pg = Infra.postgres().orElseThrow();
        Flyway.configure().dataSource(url, pg.user(), pg.password()).locations("classpath:db/migration").load().migrate();
    }

    @Override
    public void close() throws SQLException {
        connection.close();
        Infra.postgres().orElseThrow().dropDatabase(url);
    }
}
