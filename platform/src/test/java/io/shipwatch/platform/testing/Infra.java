package io.shipwatch.platform.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Finds the PostgreSQL and Redis a test talks to, in this order: explicit environment
 * variables (SHIPWATCH_TEST_POSTGRES_URL/USER/PASSWORD, SHIPWATCH_TEST_REDIS_URI), a server
 * already listening on localhost, Testcontainers when a Docker engine is present. When none
 * is found the test is skipped with a message naming what is missing, unless
 * -Dshipwatch.requireInfra=true or SHIPWATCH_REQUIRE_INFRA=true (CI) turns that into a failure.
 */
public final class Infra {
    private static final AtomicReference<Optional<PostgresServer>> POSTGRES = new AtomicReference<>();
    private static final AtomicReference<Optional<String>> REDIS = new AtomicReference<>();

    private Infra() {
    }

    /** A reachable PostgreSQL server (superuser access, to create databases). */
    public record PostgresServer(String host, int port, String user, String password) {
        public String jdbcUrl(String database) {
            return "jdbc:postgresql://" + host + ":" + port + "/" + database;
        }

        /** Creates an empty database with a unique name and returns its JDBC URL. */
        public String freshDatabase(String prefix) {
            String name = (prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12))
                    .toLowerCase(Locale.ROOT);
            try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), user, password);
                 Statement s = c.createStatement()) {
                s.execute("create database " + name);
            } catch (SQLException e) {
                throw new IllegalStateException("could not create test database " + name, e);
            }
            return jdbcUrl(name);
        }

        /** Drops a database made by {@link #freshDatabase}, closing whatever still uses it. */
        public void dropDatabase(String jdbcUrl) {
            String name = jdbcUrl.substring(jdbcUrl.lastIndexOf('/') + 1);
            try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), user, password);
                 Statement s = c.createStatement()) {
                s.execute("drop database if exists " + name + " with (force)");
            } catch (SQLException e) {
                throw new IllegalStateException("could not drop test database " + name, e);
            }
        }
    }

    public static boolean required() {
        return Boolean.getBoolean("shipwatch.requireInfra") || "true".equalsIgnoreCase(System.getenv("SHIPWATCH_REQUIRE_INFRA"));
    }

    public static Optional<PostgresServer> postgres() {
        return POSTGRES.updateAndGet(v -> v != null ? v : findPostgres());
    }

    /** A Redis URI such as redis://127.0.0.1:6379. */
    public static Optional<String> redis() {
        return REDIS.updateAndGet(v -> v != null ? v : findRedis());
    }

    private static Optional<PostgresServer> findPostgres() {
        String url = System.getenv("SHIPWATCH_TEST_POSTGRES_URL");
        if (url != null && !url.isBlank()) {
            URI uri = URI.create(url.replaceFirst("^jdbc:", ""));
            return Optional.of(new PostgresServer(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(),
                    env("SHIPWATCH_TEST_POSTGRES_USER", "postgres"), env("SHIPWATCH_TEST_POSTGRES_PASSWORD", "")));
        }
        if (listening("127.0.0.1", 5432)) {
            PostgresServer local = new PostgresServer("127.0.0.1", 5432, "postgres", "");
            try (Connection ignored = DriverManager.getConnection(local.jdbcUrl("postgres"), local.user(), local.password())) {
                return Optional.of(local);
            } catch (SQLException e) {
                // Something listens but will not let us in; try a container instead.
            }
        }
        return Containers.postgres();
    }

    private static Optional<String> findRedis() {
        String uri = System.getenv("SHIPWATCH_TEST_REDIS_URI");
        if (uri != null && !uri.isBlank()) {
            return Optional.of(uri);
        }
        if (listening("127.0.0.1", 6379)) {
            return Optional.of("redis://127.0.0.1:6379");
        }
        return Containers.redis();
    }

    static boolean listening(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String env(String name, String otherwise) {
        String v = System.getenv(name);
        return v == null ? otherwise : v;
    }
}
