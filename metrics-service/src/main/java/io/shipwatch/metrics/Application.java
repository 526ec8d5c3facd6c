package io.shipwatch.metrics;

import io.micronaut.runtime.Micronaut;
import io.shipwatch.platform.db.EmbeddedDatabase;
import io.shipwatch.platform.db.PoolSize;

/** Starts metrics-service; with no datasource configured it brings its own PostgreSQL. */
public final class Application {
    private Application() {
    }

    public static void main(String[] args) {
        EmbeddedDatabase.startIfUnconfigured("shipwatch_metrics");
        PoolSize.applyDefault();
        Micronaut.build(args).mainClass(Application.class).banner(false).start();
    }
}
