package io.shipwatch.platform.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default: when no datasource URL is configured, a service starts a real
 * PostgreSQL (zonky's binaries from Maven Central) with its data in a local folder that
 * survives restarts, so running locally needs nothing installed and runs production's SQL.
 */
public final class EmbeddedDatabase implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);
    private static final String URL_PROPERTY = "datasources.default.url";

    private final EmbeddedPostgres postgres;
    private final String jdbcUrl;

    private EmbeddedDatabase(EmbeddedPostgres postgres, String jdbcUrl) {
        this.postgres = postgres;
        this.jdbcUrl = jdbcUrl;
    }

    /**
     * Starts PostgreSQL with its data in {@code dataDir} (created on first use, reused after)
     * and makes sure {@code database} exists. Port 0 picks a free one.
     */
    public static EmbeddedDatabase start(Path dataDir, String database, int port) {
        try {
            Files.createDirectories(dataDir);
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .start();
            ensureDatabase(pg, database);
            return new EmbeddedDatabase(pg, pg.getJdbcUrl("postgres", database));
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL in " + dataDir, e);
        }
    }

    /** Starts the embedded server unless a datasource URL is configured; returns whether it started. */
    public static boolean startIfUnconfigured(String database) {
        if (notBlank(System.getProperty(URL_PROPERTY)) || notBlank(System.getenv("DATASOURCES_DEFAULT_URL"))) {
            return false;
        }
        String root = System.getenv("SHIPWATCH_DATA_DIR");
        Path dir = Path.of(notBlank(root) ? root : ".shipwatch/data").resolve(database).toAbsolutePath();
        String port = System.getenv("SHIPWATCH_EMBEDDED_PG_PORT");
        EmbeddedDatabase db = start(dir, database, notBlank(port) ? Integer.parseInt(port) : 0);
        System.setProperty(URL_PROPERTY, db.jdbcUrl());
        System.setProperty("datasources.default.username", "postgres");
        System.setProperty("datasources.default.password", "");
        Runtime.getRuntime().addShutdownHook(new Thread(db::close, "embedded-postgres-stop"));
        LOG.info("no datasource configured: started embedded PostgreSQL at {} with data in {}", db.jdbcUrl(), dir);
        return true;
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            LOG.warn("embedded PostgreSQL did not stop cleanly", e);
        }
    }

    private static void ensureDatabase(EmbeddedPostgres pg, String database) {
        if (!database.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("database name must be lower-case letters, digits and '_': " + database);
        }
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("select 1 from pg_database where datname = '" + database + "'")) {
                if (rs.next()) {
                    return;
                }
            }
            s.execute("create database " + database);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + database, e);
        }
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
