package io.shipwatch.platform.testing;

import java.util.Optional;

/**
 * Testcontainers fallback, used only when no server was found otherwise and a Docker engine
 * is present (users' laptops). This class is loaded only when needed, and a missing library
 * or engine means "not available".
 */
final class Containers {
    private Containers() {
    }

    static Optional<Infra.PostgresServer> postgres() {
        if (!dockerAvailable()) {
            return Optional.empty();
        }
        org.testcontainers.containers.PostgreSQLContainer<?> pg =
                new org.testcontainers.containers.PostgreSQLContainer<>("postgres:16-alpine");
        pg.start();
        return Optional.of(new Infra.PostgresServer(pg.getHost(), pg.getMappedPort(5432), pg.getUsername(), pg.getPassword()));
    }

    static Optional<String> redis() {
        if (!dockerAvailable()) {
            return Optional.empty();
        }
        org.testcontainers.containers.GenericContainer<?> redis =
                new org.testcontainers.containers.GenericContainer<>("redis:7-alpine").withExposedPorts(6379);
        redis.start();
        return Optional.of("redis://" + redis.getHost() + ":" + redis.getMappedPort(6379));
    }

    private static boolean dockerAvailable() {
        try {
            return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable noLibraryOrEngine) {
            return false;
        }
    }
}
