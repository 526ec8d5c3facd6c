package io.shipwatch.platform.events;

import io.grpc.ManagedChannel;
import io.micronaut.context.annotation.Value;
import io.micronaut.grpc.annotation.GrpcChannel;
import io.micronaut.jdbc.DataSourceResolver;
import io.opentelemetry.api.OpenTelemetry;
import io.shipwatch.platform.auth.ServiceCredentials;
import io.shipwatch.platform.db.Transactions;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * Makes consumers of status-service's event log (gRPC channel {@code status}) for the service
 * it runs in; configured under {@code shipwatch.consumer}.
 */
@Singleton
public class EventConsumers {
    private final Transactions tx;
    private final DataSource dataSource;
    private final ManagedChannel status;
    private final ServiceCredentials credentials;
    private final OpenTelemetry otel;
    private final ConsumerSettings settings;

    public EventConsumers(Transactions tx, DataSource dataSource, DataSourceResolver resolver, @GrpcChannel("status") ManagedChannel status,
                          ServiceCredentials credentials, OpenTelemetry otel,
                          @Value("${shipwatch.consumer.enabled:true}") boolean enabled,
                          @Value("${shipwatch.consumer.batch-size:100}") int batchSize,
                          @Value("${shipwatch.consumer.backoff-min:200ms}") Duration backoffMin,
                          @Value("${shipwatch.consumer.backoff-max:10s}") Duration backoffMax,
                          @Value("${shipwatch.consumer.standby-retry:2s}") Duration standbyRetry) {
        this.tx = tx;
        // The leadership lock needs a connection of its own, outside micronaut-data's transaction-bound proxy.
        this.dataSource = resolver.resolve(dataSource);
        this.status = status;
        this.credentials = credentials;
        this.otel = otel;
        this.settings = new ConsumerSettings(enabled, batchSize, backoffMin, backoffMax, standbyRetry);
    }

    /** A consumer (not yet started) whose checkpoint row and leadership lock are named {@code name}. */
    public EventConsumer create(String name, EventHandler handler) {
        return new EventConsumer(name, settings, tx, dataSource, status, credentials, handler, otel, Clock.systemUTC());
    }
}
