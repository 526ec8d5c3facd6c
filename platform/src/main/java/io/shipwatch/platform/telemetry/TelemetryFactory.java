package io.shipwatch.platform.telemetry;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Secondary;
import io.micronaut.context.annotation.Value;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.instrumentation.grpc.v1_6.GrpcTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.micronaut.grpc.server.interceptor.OrderedServerInterceptor;
import io.grpc.ServerInterceptor;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.Map;

/**
 * OpenTelemetry for every service, configured by the standard OTEL_* variables. With no
 * OTLP endpoint configured nothing is exported (instead of retrying a collector that is not
 * there); spans still exist, so trace ids reach logs, errors and stored events.
 */
@Factory
public class TelemetryFactory {
    /** Outermost interceptor: the server span covers auth and error mapping too. */
    public static final int TRACING_ORDER = -300;

    @Singleton
    @Secondary
    @Bean(preDestroy = "close")
    OpenTelemetrySdk openTelemetry(@Value("${micronaut.application.name:shipwatch}") String serviceName) {
        return AutoConfiguredOpenTelemetrySdk.builder()
                .addPropertiesSupplier(() -> defaults(serviceName))
                .addSamplerCustomizer((sampler, config) -> new NoOrphanClientSpans(sampler))
                .disableShutdownHook()
                .build()
                .getOpenTelemetrySdk();
    }

    static Map<String, String> defaults(String serviceName) {
        Map<String, String> defaults = new HashMap<>();
        defaults.put("otel.service.name", serviceName);
        boolean endpointGiven = System.getenv("OTEL_EXPORTER_OTLP_ENDPOINT") != null
                || System.getProperty("otel.exporter.otlp.endpoint") != null;
        if (!endpointGiven) {
            defaults.put("otel.traces.exporter", "none");
            defaults.put("otel.metrics.exporter", "none");
            defaults.put("otel.logs.exporter", "none");
        }
        return defaults;
    }

    @Singleton
    @Named("tracing")
    ServerInterceptor tracingInterceptor(OpenTelemetry openTelemetry) {
        return new OrderedServerInterceptor(GrpcTelemetry.create(openTelemetry).newServerInterceptor(), TRACING_ORDER);
    }
}
