package io.shipwatch.diagnostics;

import io.micronaut.runtime.Micronaut;
import io.shipwatch.platform.db.EmbeddedDatabase;
import io.shipwatch.platform.db.PoolSize;

/** Starts diagnostics-service; with no datasource configured it brings its own PostgreSQL. */
public final class Application {
    private Application() {
    }

    public static void main(String[] args) {
        EmbeddedDatabase.startIfUnconfigured("shipwatch_diagnostics");
        PoolSize.applyDefault();
        Micronaut.build(args).mainClass(Application.class).banner(false).start();
    }
}
