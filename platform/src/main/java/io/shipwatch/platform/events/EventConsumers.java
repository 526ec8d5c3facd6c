package io.shipwatch.platform.events;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.micronaut.context.annotation.Value;
import io.micronaut.jdbc.DataSourceResolver;
import io.opentelemetry.api.OpenTelemetry;
import io.shipwatch.platform.auth.ServiceCredentials;
import io.shipwatch.platform.db.Transactions;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * Makes consumers of status-service's event log for the service it runs in; configured under
 * {@code shipwatch.consumer}. The log is read over a channel of the consumers' own (address and
 * plaintext from the {@code grpc.channels.status} settings every peer call uses), with HTTP/2
 * keepalive so a connection that silently died is noticed, not waited on.
 */
@Singleton
public class EventConsumers {
    private final Transactions tx;
    private final DataSource dataSource;
    private final ManagedChannel status;
    private final ServiceCredentials credentials;
    private final OpenTelemetry otel;
    private final ConsumerSettings settings;

    public EventConsumers(Transactions tx, DataSource dataSource, DataSourceResolver resolver,
                          @Value("${grpc.channels.status.address:`127.0.0.1:50051`}") String statusAddress,
                          @Value("${grpc.channels.status.plaintext:false}") boolean plaintext,
                          ServiceCredentials credentials, OpenTelemetry otel,
                          @Value("${shipwatch.consumer.enabled:true}") boolean enabled,
                          @Value("${shipwatch.consumer.batch-size:100}") int batchSize,
                          @Value("${shipwatch.consumer.backoff-min:200ms}") Duration backoffMin,
                          @Value("${shipwatch.consumer.backoff-max:10s}") Duration backoffMax,
                          @Value("${shipwatch.consumer.standby-retry:2s}") Duration standbyRetry,
                          @Value("${shipwatch.consumer.stall-timeout:30s}") Duration stallTimeout) {
        this.tx = tx;
        // The leadership lock needs a connection of its own, outside micronaut-data's transaction-bound proxy.
        this.dataSource = resolver.resolve(dataSource);
        NettyChannelBuilder channel = NettyChannelBuilder.forTarget(statusAddress)
                .keepAliveTime(30, TimeUnit.SECONDS)
                .keepAliveTimeout(10, TimeUnit.SECONDS)
                .keepAliveWithoutCalls(false);
        this.status = (plaintext ? channel.usePlaintext() : channel.useTransportSecurity()).build();
        this.credentials = credentials;
        this.otel = otel;
        this.settings = new ConsumerSettings(enabled, batchSize, backoffMin, backoffMax, standbyRetry, stallTimeout);
    }

    @PreDestroy
    void close() {
        status.shutdownNow();
    }

    /** A consumer (not yet started) whose checkpoint row and leadership lock are named {@code name}. */
    public EventConsumer create(String name, EventHandler handler) {
        return new EventConsumer(name, settings, tx, dataSource, status, credentials, handler, otel, Clock.systemUTC());
    }
}
