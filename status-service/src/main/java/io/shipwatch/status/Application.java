package io.shipwatch.status;

import io.micronaut.runtime.Micronaut;
import io.shipwatch.platform.db.EmbeddedDatabase;

/** Starts status-service; with no datasource configured it brings its own PostgreSQL. */
public final class Application {
    private Application() {
    }

    public static void main(String[] args) {
        EmbeddedDatabase.startIfUnconfigured("shipwatch_status");
        Micronaut.build(args).mainClass(Application.class).banner(false).start();
    }
}
