package io.shipwatch.platform.db;

import io.micronaut.configuration.jdbc.hikari.DatasourceConfiguration;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.instrumentation.jdbc.datasource.JdbcTelemetry;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Prepares the database before the connection pool exists: runs the service's Flyway
 * migrations (classpath:db/migration) over a plain connection, then lets the pool draw its
 * physical connections from a traced datasource so every SQL statement gets a client span.
 *
 * <p>Doing both here, on the configuration rather than on the datasource bean, keeps them
 * out of micronaut-data's transaction-aware proxy: micronaut-flyway migrates through that
 * proxy, which asks for the datasource that is still being created and loops until the
 * database runs out of connections.
 */
@Singleton
public class DatabaseSetup implements BeanCreatedEventListener<DatasourceConfiguration> {
    private final Provider<OpenTelemetry> openTelemetry;

    public DatabaseSetup(Provider<OpenTelemetry> openTelemetry) {
        this.openTelemetry = openTelemetry;
    }

    @Override
    public DatasourceConfiguration onCreated(BeanCreatedEvent<DatasourceConfiguration> event) {
        DatasourceConfiguration config = event.getBean();
        PGSimpleDataSource postgres = new PGSimpleDataSource();
        postgres.setUrl(config.getUrl());
        postgres.setUser(config.getUsername());
        postgres.setPassword(config.getPassword());
        Flyway.configure()
                .dataSource(postgres)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        config.setDataSource(JdbcTelemetry.create(openTelemetry.get()).wrap(postgres));
        return config;
    }
}
