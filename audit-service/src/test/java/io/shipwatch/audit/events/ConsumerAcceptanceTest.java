package io.shipwatch.audit.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.Metadata;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.shipwatch.audit.AuditServer;
import io.shipwatch.audit.v1.AuditEvent;
import io.shipwatch.audit.v1.ListAuditEventsRequest;
import io.shipwatch.audit.v1.VerifyAuditChainRequest;
import io.shipwatch.platform.auth.Role;
import io.shipwatch.platform.testing.InMemoryTelemetry;
import io.shipwatch.platform.testing.RequiresPostgres;
import io.shipwatch.status.v1.CreateDeploymentRequest;
import io.shipwatch.status.v1.DeploymentState;
import io.shipwatch.status.v1.RecordStatusRequest;
import io.shipwatch.status.v1.StatusServiceGrpc.StatusServiceBlockingStub;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** audit-service consuming a real status-service process's StreamEvents. */
@RequiresPostgres
class ConsumerAcceptanceTest {
    private static StatusProcess status;

    @BeforeAll
    static void startStatus() {
        status = new StatusProcess();
    }

    @AfterAll
    static void stopStatus() {
        status.close();
    }

    @Test
    void recordStatus_andTheAuditEntryItCaused_shareOneTrace() {
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        OpenTelemetrySdk sdk = InMemoryTelemetry.sdk(spans);
        try (AuditServer audit = AuditServer.start(sdk, status.consumerSettings())) {
            String trace = UUID.randomUUID().toString().replace("-", "");
            Metadata traced = new Metadata();
            traced.put(Metadata.Key.of("traceparent", Metadata.ASCII_STRING_MARSHALLER), "00-" + trace + "-00f067aa0ba902b7-01");
            String id = status.deployer(new Metadata()).createDeployment(CreateDeploymentRequest.newBuilder()
                    .setService("traced").setEnvironment("prod").build()).getDeployment().getId();
            status.deployer(traced).recordStatus(RecordStatusRequest.newBuilder().setDeploymentId(id)
                    .setState(DeploymentState.DEPLOYMENT_STATE_IN_PROGRESS).build());

            AuditEvent changed = await().atMost(Duration.ofSeconds(60)).until(() -> audit.blocking(Role.AUDITOR)
                            .listAuditEvents(ListAuditEventsRequest.newBuilder().setDeploymentId(id)
                                    .setAction("deployment.status_changed").build()).getAuditEventsList(),
                    l -> !l.isEmpty()).get(0);
            assertThat(changed.getTraceId()).isEqualTo(trace);
            assertThat(changed.getActor()).isEqualTo("ci-runner");
            assertThat(changed.getFromState()).isEqualTo("PENDING");
            assertThat(changed.getToState()).isEqualTo("IN_PROGRESS");
            await().atMost(Duration.ofSeconds(10)).until(() -> spans.getFinishedSpanItems().stream()
                    .anyMatch(s -> s.getKind() == SpanKind.CONSUMER && s.getName().equals("audit consume")
                            && s.getTraceId().equals(trace)));
        }
    }

    @Test
    void consumerCrashingBetweenApplyingAndAcknowledging_andRestarted_writesEveryEventExactlyOnce() throws Exception {
        Map<String, Object> settings = new HashMap<>(status.consumerSettings());
        settings.put("test.crash-every", 3);
        settings.put("shipwatch.consumer.backoff-min", "20ms");
        settings.put("shipwatch.consumer.backoff-max", "200ms");
        long before = status.eventCount();
        try (AuditServer audit = AuditServer.start(null, settings)) {
            ExecutorService writers = Executors.newFixedThreadPool(4);
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                int writer = w;
                done.add(writers.submit(() -> drive(status.deployer(new Metadata()), "crash-" + writer, 10)));
            }
            // Half-way through the load, the audit service restarts (the consumer resumes from its checkpoint).
            await().atMost(Duration.ofSeconds(60)).until(() -> auditCount(audit) > 20);
            audit.restart();
            for (Future<?> f : done) {
                f.get();
            }
            writers.shutdown();

            long expected = status.eventCount();
            assertThat(expected - before).isGreaterThan(100);
            await().atMost(Duration.ofSeconds(90)).until(() -> checkpoint(audit) == expected);
            assertThat(auditCount(audit)).isEqualTo(expected);
            assertThat(distinctPositions(audit)).isEqualTo(expected);
            assertThat(FaultyDeploymentEventsToAudit.CRASHES.get()).isPositive();
            assertThat(audit.blocking(Role.AUDITOR).verifyAuditChain(VerifyAuditChainRequest.getDefaultInstance()).getValid())
                    .isTrue();
        }
    }

    @Test
    void twoReplicas_oneConsumesAtATime_andTheOtherTakesOverWhenItStops() throws Exception {
        Map<String, Object> settings = new HashMap<>(status.consumerSettings());
        settings.put("shipwatch.consumer.standby-retry", "200ms");
        try (AuditServer first = AuditServer.start(null, settings)) {
            AuditServer second = AuditServer.replicaOf(first, settings);
            try {
                drive(status.deployer(new Metadata()), "replicas-a", 3);
                long afterFirstLoad = status.eventCount();
                await().atMost(Duration.ofSeconds(60)).until(() -> checkpoint(first) == afterFirstLoad);
                io.shipwatch.platform.events.EventConsumer a = first.context().getBean(io.shipwatch.platform.events.EventConsumer.class);
                io.shipwatch.platform.events.EventConsumer b = second.context().getBean(io.shipwatch.platform.events.EventConsumer.class);
                assertThat(a.leading() ^ b.leading()).as("exactly one replica leads").isTrue();
                AuditServer leader = a.leading() ? first : second;
                AuditServer standby = a.leading() ? second : first;
                io.shipwatch.platform.events.EventConsumer standbyConsumer = a.leading() ? b : a;

                if (leader == second) {
                    second.close();
                } else {
                    first.context().close();
                }
                drive(status.deployer(new Metadata()), "replicas-b", 3);
                long expected = status.eventCount();
                await().atMost(Duration.ofSeconds(60)).until(() -> checkpoint(standby) == expected);
                assertThat(standbyConsumer.leading()).isTrue();
                // A fresh audit database consumes the whole log: every event once, whoever applied it.
                assertThat(auditCount(standby)).isEqualTo(expected);
                assertThat(distinctPositions(standby)).isEqualTo(auditCount(standby));
            } finally {
                second.close();
            }
        }
    }

    /** Per deployment: created, queued, in progress, succeeded (which inactivates the previous success). */
    private static Void drive(StatusServiceBlockingStub stub, String service, int deployments) {
        for (int i = 0; i < deployments; i++) {
            String id = stub.createDeployment(CreateDeploymentRequest.newBuilder().setService(service).setEnvironment("prod")
                    .build()).getDeployment().getId();
            for (DeploymentState s : List.of(DeploymentState.DEPLOYMENT_STATE_QUEUED, DeploymentState.DEPLOYMENT_STATE_IN_PROGRESS,
                    DeploymentState.DEPLOYMENT_STATE_SUCCEEDED)) {
                stub.recordStatus(RecordStatusRequest.newBuilder().setDeploymentId(id).setState(s).build());
            }
        }
        return null;
    }

    private static long auditCount(AuditServer audit) throws Exception {
        return single(audit, "select count(*) from audit_event where action like 'deployment.%'");
    }

    private static long distinctPositions(AuditServer audit) throws Exception {
        return single(audit, "select count(distinct details->>'event_position') from audit_event where action like 'deployment.%'");
    }

    private static long checkpoint(AuditServer audit) throws Exception {
        return single(audit, "select coalesce(max(position), 0) from event_checkpoint where consumer = 'audit'");
    }

    private static long single(AuditServer audit, String sql) throws Exception {
        try (Connection c = audit.sql(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
