package io.shipwatch.bench.audit;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.shipwatch.audit.v1.AuditServiceGrpc;
import io.shipwatch.platform.auth.DevTokens;
import io.shipwatch.platform.auth.Role;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The real audit-service (its Micronaut context, gRPC server and connection pool) inside the
 * benchmark JVM, so the JVM's heap cap applies to it and the SQL statements it issues can be
 * counted: every JDBC statement gets an OpenTelemetry CLIENT span (platform DatabaseSetup),
 * and a span processor counts them.
 */
final class InProcessAudit implements AutoCloseable {
    static final String SECRET = "bench-secret-0123456789abcdef0123456789";
    static final String HMAC_KEY = "bench-hmac-key-0123456789abcdef012345678";

    private final AtomicLong statements = new AtomicLong();
    private final ApplicationContext context;
    private final ManagedChannel channel;

    InProcessAudit(String jdbcUrl, String user, String password, Map<String, Object> extra) {
        SpanProcessor counter = new SpanProcessor() {
            @Override
            public void onStart(Context parent, ReadWriteSpan span) {
            }

            @Override
            public boolean isStartRequired() {
                return false;
            }

            @Override
            public void onEnd(ReadableSpan span) {
                if (span.getKind() == SpanKind.CLIENT && span.getAttribute(io.opentelemetry.api.common.AttributeKey
                        .stringKey("rpc.system")) == null) {
                    statements.incrementAndGet();
                }
            }

            @Override
            public boolean isEndRequired() {
                return true;
            }
        };
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(counter).build()).build();
        int port = freePort();
        Map<String, Object> props = new HashMap<>(Map.of(
                "grpc.server.port", port,
                "datasources.default.url", jdbcUrl,
                "datasources.default.username", user,
                "datasources.default.password", password,
                "shipwatch.auth.hs256-secret", SECRET,
                "shipwatch.audit.hmac.key", HMAC_KEY,
                "shipwatch.consumer.enabled", false));
        props.putAll(extra);
        context = ApplicationContext.builder().properties(props).singletons(sdk).start();
        context.getBean(EmbeddedServer.class).start();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().maxInboundMessageSize(8 << 20).build();
    }

    ApplicationContext context() {
        return context;
    }

    /** SQL statements the service has issued so far. */
    long statements() {
        return statements.get();
    }

    AuditServiceGrpc.AuditServiceBlockingStub auditor() {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
                "Bearer " + DevTokens.issue(SECRET, "bench-auditor", List.of(Role.AUDITOR), Duration.ofHours(4)));
        return AuditServiceGrpc.newBlockingStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        channel.shutdownNow();
        context.close();
    }
}
