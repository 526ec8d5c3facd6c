package io.shipwatch.audit.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.shipwatch.audit.AuditServer;
import io.shipwatch.audit.Exports;
import io.shipwatch.audit.v1.AppendAuditEventRequest;
import io.shipwatch.audit.v1.AuditServiceGrpc.AuditServiceBlockingStub;
import io.shipwatch.audit.v1.ExportAuditEventsRequest;
import io.shipwatch.audit.v1.ExportFormat;
import io.shipwatch.platform.auth.Role;
import io.shipwatch.platform.testing.InMemoryTelemetry;
import io.shipwatch.platform.testing.Infra;
import io.shipwatch.platform.testing.RequiresPostgres;
import io.shipwatch.platform.testing.RequiresRedis;
import io.shipwatch.platform.testing.ServiceProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Idempotent exports with the record in Redis: across concurrent calls, restarts, replicas and a Redis outage. */
@RequiresPostgres
@RequiresRedis
class ExportIdempotencyTest {
    private static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();
    private static AuditServer server;

    @BeforeAll
    static void start() {
        OpenTelemetrySdk sdk = InMemoryTelemetry.sdk(SPANS);
        server = AuditServer.start(sdk, Map.of("shipwatch.redis.uri", Infra.redis().orElseThrow()));
        for (int i = 0; i < 40; i++) {
            server.blocking(Role.SERVICE).appendAuditEvent(AppendAuditEventRequest.newBuilder().setAction("config.changed")
                    .setService("idem").putDetails("n", "" + i).build());
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static ExportAuditEventsRequest request(String key) {
        return ExportAuditEventsRequest.newBuilder().setFilter(io.shipwatch.audit.v1.ExportFilter.newBuilder().setService("idem"))
                .setFormat(ExportFormat.EXPORT_FORMAT_NDJSON).setGzip(true).setIdempotencyKey(key).build();
    }

    private static void appendMore(AuditServer to) {
        to.blocking(Role.SERVICE).appendAuditEvent(AppendAuditEventRequest.newBuilder().setAction("config.changed")
                .setService("idem").build());
    }

    private static AuditServiceBlockingStub inTrace(AuditServiceBlockingStub stub, String traceId) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("traceparent", Metadata.ASCII_STRING_MARSHALLER), "00-" + traceId + "-00f067aa0ba902b7-01");
        return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    private static long sqlSpans(String traceId) {
        return SPANS.getFinishedSpanItems().stream().filter(s -> s.getKind() == SpanKind.CLIENT && s.getTraceId().equals(traceId))
                .count();
    }

    @Test
    void tenConcurrentExportsWithOneKey_doTheWorkOnce_andAllGetTheSameBytes() throws Exception {
        String key = "ten-" + UUID.randomUUID();
        ExecutorService pool = Executors.newFixedThreadPool(10);
        CountDownLatch go = new CountDownLatch(1);
        List<String> traces = new ArrayList<>();
        List<Future<Exports>> results = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String trace = UUID.randomUUID().toString().replace("-", "");
            traces.add(trace);
            results.add(pool.submit(() -> {
                go.await();
                return Exports.run(inTrace(server.blocking(Role.AUDITOR), trace), request(key));
            }));
        }
        go.countDown();
        Set<String> shas = new HashSet<>();
        byte[] first = null;
        for (Future<Exports> f : results) {
            Exports e = f.get(60, TimeUnit.SECONDS);
            shas.add(e.sha256());
            assertThat(e.summary().getSha256()).isEqualTo(e.sha256());
            if (first == null) {
                first = e.bytes();
            }
            assertThat(e.bytes()).isEqualTo(first);
        }
        pool.shutdown();
        assertThat(shas).hasSize(1);
        // Exactly one call read the audit log; the nine others were answered from the record.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(traces.stream().filter(t -> sqlSpans(t) > 0).count()).isEqualTo(1));
    }

    @Test
    void sameKey_afterARestart_andFromASecondInstanceSharingRedis_returnsTheSameBytes() {
        String key = "restart-" + UUID.randomUUID();
        Exports first = Exports.run(server.blocking(Role.AUDITOR), request(key));
        appendMore(server);
        server.restart();
        Exports afterRestart = Exports.run(server.blocking(Role.AUDITOR), request(key));
        assertThat(afterRestart.bytes()).isEqualTo(first.bytes());
        assertThat(afterRestart.summary()).isEqualTo(first.summary());

        try (AuditServer replica = AuditServer.replicaOf(server, Map.of("shipwatch.redis.uri", Infra.redis().orElseThrow()))) {
            Exports fromReplica = Exports.run(replica.blocking(Role.AUDITOR), request(key));
            assertThat(fromReplica.bytes()).isEqualTo(first.bytes());
            assertThat(fromReplica.summary()).isEqualTo(first.summary());
        }
    }

    @Test
    void redisStoppedMidTest_exportsStillSucceedAndRepeat_andRedisIsUsedAgainWhenItReturns() throws Exception {
        int port = ServiceProcess.freePort();
        String uri = "redis://127.0.0.1:" + port;
        startRedis(port);
        try (AuditServer own = AuditServer.replicaOf(server, Map.of("shipwatch.redis.uri", uri))) {
            String before = "before-" + UUID.randomUUID();
            Exports stored = Exports.run(own.blocking(Role.AUDITOR), request(before));
            assertThat(redisHas(uri, before)).isTrue();

            stopRedis(port);
            String during = "during-" + UUID.randomUUID();
            Exports duringFirst = Exports.run(own.blocking(Role.AUDITOR), request(during));
            appendMore(own);
            assertThat(Exports.run(own.blocking(Role.AUDITOR), request(during)).bytes()).isEqualTo(duringFirst.bytes());
            assertThat(Exports.run(own.blocking(Role.AUDITOR), request(before)).bytes()).isEqualTo(stored.bytes());
            assertThat(Exports.run(own.blocking(Role.AUDITOR), request(during).toBuilder().clearIdempotencyKey().build())
                    .summary().getEventCount()).isEqualTo(duringFirst.summary().getEventCount() + 1);

            startRedis(port);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
                String after = "after-" + UUID.randomUUID();
                Exports.run(own.blocking(Role.AUDITOR), request(after));
                return redisHas(uri, after);
            });
        } finally {
            stopRedis(port);
        }
    }

    private static void startRedis(int port) throws Exception {
        Process p = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no", "--daemonize", "yes").redirectErrorStream(true).start();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> ping(port));
    }

    private static void stopRedis(int port) throws Exception {
        if (ping(port)) {
            new ProcessBuilder("redis-cli", "-p", Integer.toString(port), "shutdown", "nosave").start().waitFor(10, TimeUnit.SECONDS);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> !ping(port));
    }

    private static boolean ping(int port) {
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 300);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static boolean redisHas(String uri, String key) {
        RedisClient client = RedisClient.create(uri);
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            return c.sync().exists("shipwatch:audit:export:" + key) == 1;
        } finally {
            client.shutdown();
        }
    }
}
