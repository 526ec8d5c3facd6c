package io.shipwatch.platform.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.micronaut.context.ApplicationContext;
import io.micronaut.jdbc.DataSourceResolver;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.shipwatch.platform.auth.JwtVerifier;
import io.shipwatch.platform.auth.AuthSettings;
import io.shipwatch.platform.auth.Principal;
import io.shipwatch.platform.auth.Role;
import io.shipwatch.platform.auth.ServiceCredentials;
import io.shipwatch.platform.db.Transactions;
import io.shipwatch.platform.testing.Infra;
import io.shipwatch.platform.testing.RequiresPostgres;
import io.shipwatch.status.v1.DeploymentEvent;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The platform consumer against real PostgreSQL and a real gRPC StreamEvents stream: every
 * event's effect lands exactly once, whatever fails in between.
 */
@RequiresPostgres
class EventConsumerTest {
    private static final String SECRET = "consumer-test-secret-0123456789abcdef";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final List<AutoCloseable> open = new ArrayList<>();
    private String jdbcUrl;
    private ApplicationContext context;
    private FakeEventLog log;
    private ManagedChannel channel;

    @BeforeEach
    void setUp() throws Exception {
        Infra.PostgresServer pg = Infra.postgres().orElseThrow();
        jdbcUrl = pg.freshDatabase("consumer_test");
        context = ApplicationContext.run(Map.of(
                "datasources.default.url", jdbcUrl,
                "datasources.default.username", pg.user(),
                "datasources.default.password", pg.password(),
                "datasources.default.maximum-pool-size", 6));
        // After the context: its Flyway run (no migrations here) wants an empty schema.
        try (Connection c = sql(); Statement s = c.createStatement()) {
            s.execute("create table event_checkpoint (consumer text primary key, position bigint not null,"
                    + " updated_at timestamptz not null default now())");
            s.execute("create table applied (position bigint not null, deployment text not null, batch int not null)");
        }
        log = new FakeEventLog().start();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", log.port()).usePlaintext().build();
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        channel.shutdownNow();
        log.close();
        context.close();
        Infra.postgres().orElseThrow().dropDatabase(jdbcUrl);
    }

    @Test
    void appliesEveryEventOnceInOrderInBatchesOfAtMostTheBatchSize() throws Exception {
        log.append(1_000, null);
        Recorder recorder = new Recorder();
        EventConsumer consumer = consumer("audit", recorder, OpenTelemetry.noop());
        consumer.start();

        await().atMost(WAIT).until(() -> checkpoint("audit") == 1_000);
        assertThat(appliedPositions()).containsExactlyElementsOf(range(1, 1_000));
        assertThat(recorder.largestBatch.get()).isBetween(1, 100);
        assertThat(consumer.committedPosition()).isEqualTo(1_000);
        assertThat(log.requestedAfter).containsExactly(0L);
    }

    @Test
    void aBatchThatFailsAfterApplyingIsRolledBackWithItsCheckpointAndDeliveredAgain() throws Exception {
        log.append(1_000, null);
        AtomicBoolean failed = new AtomicBoolean();
        Recorder recorder = new Recorder() {
            @Override
            public void apply(Connection c, List<DeploymentEvent> events) throws SQLException {
                super.apply(c, events);
                // Applied but not yet acknowledged: the crash a checkpoint in the same transaction survives.
                if (events.stream().anyMatch(e -> e.getPosition() >= 500) && failed.compareAndSet(false, true)) {
                    throw new SQLException("crash between applying and acknowledging");
                }
            }
        };
        consumer("audit", recorder, OpenTelemetry.noop()).start();

        await().atMost(WAIT).until(() -> checkpoint("audit") == 1_000);
        assertThat(failed).isTrue();
        assertThat(appliedPositions()).containsExactlyElementsOf(range(1, 1_000));
        // committed() ran for each committed batch only: the rolled-back one's events are not in it twice.
        assertThat(recorder.committedPositions()).containsExactlyElementsOf(range(1, 1_000));
        assertThat(log.requestedAfter).hasSize(2);
        assertThat(log.requestedAfter.get(1)).isBetween(1L, 499L);
    }

    @Test
    void resumesAfterItsCheckpointWhenStartedAgain() throws Exception {
        log.append(300, null);
        EventConsumer first = consumer("metrics", new Recorder(), OpenTelemetry.noop());
        first.start();
        await().atMost(WAIT).until(() -> checkpoint("metrics") == 300);
        first.close();

        log.append(200, null);
        consumer("metrics", new Recorder(), OpenTelemetry.noop()).start();

        await().atMost(WAIT).until(() -> checkpoint("metrics") == 500);
        assertThat(appliedPositions()).containsExactlyElementsOf(range(1, 500));
        assertThat(log.requestedAfter).containsExactly(0L, 300L);
    }

    @Test
    void reconnectsWhenTheStreamDropsAndMissesNothing() throws Exception {
        log.append(200, null);
        consumer("audit", new Recorder(), OpenTelemetry.noop()).start();
        await().atMost(WAIT).until(() -> checkpoint("audit") == 200);

        log.stop();
        log.append(300, null);
        log.start();

        await().atMost(WAIT).until(() -> checkpoint("audit") == 500);
        assertThat(appliedPositions()).containsExactlyElementsOf(range(1, 500));
        assertThat(log.requestedAfter).startsWith(0L).contains(200L);
    }

    @Test
    void onlyOneInstanceConsumesAndAStandbyTakesOverWhenItStops() throws Exception {
        log.append(400, null);
        EventConsumer a = consumer("audit", new Recorder(), OpenTelemetry.noop());
        EventConsumer b = consumer("audit", new Recorder(), OpenTelemetry.noop());
        a.start();
        await().atMost(WAIT).until(a::leading);
        b.start();
        await().atMost(WAIT).until(() -> checkpoint("audit") == 400);
        assertThat(b.leading()).isFalse();

        a.close();
        log.append(100, null);

        await().atMost(WAIT).until(b::leading);
        await().atMost(WAIT).until(() -> checkpoint("audit") == 500);
        assertThat(appliedPositions()).containsExactlyElementsOf(range(1, 500));
    }

    @Test
    void twoConsumersWithDifferentNamesKeepSeparateCheckpoints() throws Exception {
        log.append(50, null);
        consumer("audit", new Recorder(), OpenTelemetry.noop()).start();
        consumer("audit-rebuild", new Recorder(), OpenTelemetry.noop()).start();

        await().atMost(WAIT).until(() -> checkpoint("audit") == 50 && checkpoint("audit-rebuild") == 50);
        assertThat(appliedPositions()).hasSize(100);
    }

    @Test
    void reportsCaughtUpOnceAHeartbeatShowsNothingMoreToConsume() throws Exception {
        log.append(120, null);
        EventConsumer consumer = consumer("audit", new Recorder(), OpenTelemetry.noop());
        assertThat(consumer.caughtUp()).isFalse();
        consumer.start();

        await().atMost(WAIT).until(consumer::caughtUp);
        assertThat(consumer.committedPosition()).isEqualTo(120);
        assertThat(consumer.headPosition()).isEqualTo(120);
    }

    @Test
    void eachEventsSpanContinuesTheTraceOfItsStoredTraceparent() throws Exception {
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
                .build();
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        String parentSpan = "00f067aa0ba902b7";
        log.append(1, "00-" + traceId + "-" + parentSpan + "-01");
        consumer("audit", new Recorder(), otel).start();

        await().atMost(WAIT).until(() -> spans.getFinishedSpanItems().stream().anyMatch(s -> s.getName().equals("audit consume")));
        SpanData consume = spans.getFinishedSpanItems().stream()
                .filter(s -> s.getName().equals("audit consume")).findFirst().orElseThrow();
        assertThat(consume.getTraceId()).isEqualTo(traceId);
        assertThat(consume.getParentSpanId()).isEqualTo(parentSpan);
        assertThat(consume.getKind()).isEqualTo(SpanKind.CONSUMER);
        otel.close();
    }

    @Test
    void callsStatusServiceWithAServiceRoleToken() throws Exception {
        log.append(1, null);
        consumer("audit", new Recorder(), OpenTelemetry.noop()).start();
        await().atMost(WAIT).until(() -> checkpoint("audit") == 1);

        String header = log.authorizations.get(0);
        assertThat(header).startsWith("Bearer ");
        Principal principal = new JwtVerifier(new AuthSettings(SECRET, null, null, null, null), Clock.systemUTC())
                .verify(header.substring("Bearer ".length()));
        assertThat(principal.roles()).contains(Role.SERVICE);
        assertThat(principal.subject()).isEqualTo("consumer-test");
    }

    @Test
    void connectionsKilledMidTransactionLoseAndRepeatNothing() throws Exception {
        consumer("audit", new Recorder(), OpenTelemetry.noop()).start();
        int killed = 0;
        for (int round = 0; round < 20; round++) {
            long before = checkpoint("audit");
            log.append(40, null);
            // Kill every connection of the consumer's database, the leadership lock's too, mid-stream.
            try (Connection c = sql(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select count(*) filter (where pg_terminate_backend(pid)) from pg_stat_activity"
                         + " where datname = current_database() and pid <> pg_backend_pid()")) {
                rs.next();
                killed += rs.getInt(1);
            }
            // It recovers after every kill: the checkpoint moves again.
            await().atMost(WAIT).until(() -> checkpoint("audit") > before);
        }
        long head = log.head();
        await().atMost(WAIT).until(() -> checkpoint("audit") == head);
        assertThat(killed).isGreaterThanOrEqualTo(20);
        assertThat(appliedPositions()).containsExactlyElementsOf(range(1, head));
    }

    @Test
    void aStreamWhoseHeartbeatsShowEventsItNeverDeliversIsDroppedAndOpenedAgain() throws Exception {
        log.silentStreams.set(1);
        log.append(50, null);
        consumer("audit", new Recorder(), OpenTelemetry.noop()).start();

        await().atMost(WAIT).until(() -> checkpoint("audit") == 50);
        assertThat(log.requestedAfter).containsExactly(0L, 0L);
        assertThat(appliedPositions()).containsExactlyElementsOf(range(1, 50));
    }

    private EventConsumer consumer(String name, EventHandler handler, OpenTelemetry otel) {
        ConsumerSettings settings = new ConsumerSettings(true, 100, Duration.ofMillis(50), Duration.ofMillis(500),
                Duration.ofMillis(200), Duration.ofSeconds(2));
        EventConsumer consumer = new EventConsumer(name, settings, context.getBean(Transactions.class),
                context.getBean(DataSourceResolver.class).resolve(context.getBean(DataSource.class)), channel, new ServiceCredentials("", SECRET, "consumer-test"),
                handler, otel, Clock.systemUTC());
        open.add(consumer);
        return consumer;
    }

    /** Writes one row per event in the consumer's transaction; no unique key, so a duplicate would show. */
    static class Recorder implements EventHandler {
        final AtomicInteger largestBatch = new AtomicInteger();
        private final AtomicInteger batches = new AtomicInteger();
        private final List<Long> committed = new CopyOnWriteArrayList<>();
        private List<Long> pending = List.of();

        /** Positions of the batches committed() was called for, in order. */
        List<Long> committedPositions() {
            return List.copyOf(committed);
        }

        @Override
        public void committed() {
            committed.addAll(pending);
            pending = List.of();
        }

        @Override
        public void apply(Connection c, List<DeploymentEvent> events) throws SQLException {
            pending = events.stream().map(DeploymentEvent::getPosition).toList();
            largestBatch.accumulateAndGet(events.size(), Math::max);
            int batch = batches.incrementAndGet();
            try (PreparedStatement ps = c.prepareStatement("insert into applied (position, deployment, batch) values (?, ?, ?)")) {
                for (DeploymentEvent e : events) {
                    ps.setLong(1, e.getPosition());
                    ps.setString(2, e.getDeployment().getId());
                    ps.setInt(3, batch);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
    }

    private Connection sql() throws SQLException {
        Infra.PostgresServer pg = Infra.postgres().orElseThrow();
        return DriverManager.getConnection(jdbcUrl, pg.user(), pg.password());
    }

    private long checkpoint(String consumer) throws SQLException {
        try (Connection c = sql(); PreparedStatement ps = c.prepareStatement("select position from event_checkpoint where consumer = ?")) {
            ps.setString(1, consumer);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        }
    }

    private List<Long> appliedPositions() throws SQLException {
        List<Long> positions = new ArrayList<>();
        try (Connection c = sql(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select position from applied order by position")) {
            while (rs.next()) {
                positions.add(rs.getLong(1));
            }
        }
        return positions;
    }

    private static List<Long> range(long from, long to) {
        List<Long> out = new ArrayList<>();
        for (long p = from; p <= to; p++) {
            out.add(p);
        }
        return out;
    }
}
