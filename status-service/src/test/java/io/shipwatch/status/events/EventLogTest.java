package io.shipwatch.status.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.Context;
import io.grpc.stub.StreamObserver;
import io.shipwatch.platform.auth.Role;
import io.shipwatch.platform.testing.RequiresPostgres;
import io.shipwatch.status.Fixtures;
import io.shipwatch.status.StatusServer;
import io.shipwatch.status.v1.Deployment;
import io.shipwatch.status.v1.DeploymentEvent;
import io.shipwatch.status.v1.DeploymentState;
import io.shipwatch.status.v1.EventType;
import io.shipwatch.status.v1.StatusServiceGrpc.StatusServiceBlockingStub;
import io.shipwatch.status.v1.StreamEventsRequest;
import io.shipwatch.status.v1.StreamEventsResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

@RequiresPostgres
class EventLogTest {
    private static final int WRITERS = 16;
    private static final int TRANSITIONS_PER_WRITER = 1300;

    /**
     * 16 writers record 20,800 transitions (plus creations and auto-inactivations) while a
     * consumer streams the log: it must see every committed event exactly once, positions
     * 1, 2, 3, ... with no gap, and each deployment's events in commit (revision) order.
     */
    @Test
    void concurrentWriters_consumerSeesEveryCommittedEventOnceInOrder() throws Exception {
        try (StatusServer server = StatusServer.start()) {
            Consumer consumer = new Consumer(server, 0);
            ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
            AtomicInteger transitions = new AtomicInteger();
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                writers.add(pool.submit(() -> write(server.blocking(Role.DEPLOYER, "writer-" + writer), writer, transitions)));
            }
            for (Future<?> f : writers) {
                f.get();
            }
            pool.shutdown();
            long committed = count(server, "select count(*) from event");
            assertThat(transitions.get()).isGreaterThanOrEqualTo(20_000);

            await().atMost(Duration.ofSeconds(60)).until(() -> consumer.events.size() >= committed);
            consumer.cancel();
            assertThat(consumer.failure.get()).isNull();
            assertThat(consumer.events).hasSize((int) committed);
            for (int i = 0; i < consumer.events.size(); i++) {
                assertThat(consumer.events.get(i).getPosition()).as("event #%d", i).isEqualTo(i + 1);
            }
            assertPerDeploymentRevisionsIncrease(consumer.events);
            assertThat(consumer.events.stream().map(DeploymentEvent::getEventId).distinct().count()).isEqualTo(committed);
            assertThat(consumer.events).anyMatch(e -> e.getType() == EventType.EVENT_TYPE_AUTO_INACTIVATED);
        }
    }

    @Test
    void streamEvents_resumesAfterAServerRestartWithoutLossOrRepeat() throws Exception {
        try (StatusServer server = StatusServer.start()) {
            StatusServiceBlockingStub deployer = server.blocking(Role.DEPLOYER);
            for (int i = 0; i < 20; i++) {
                Fixtures.create(deployer, "resume", "prod");
            }
            Consumer first = new Consumer(server, 0);
            await().atMost(Duration.ofSeconds(20)).until(() -> first.events.size() >= 20);
            first.cancel();
            long last = first.events.get(first.events.size() - 1).getPosition();

            server.restart();
            deployer = server.blocking(Role.DEPLOYER);
            for (int i = 0; i < 10; i++) {
                Fixtures.create(deployer, "resume", "prod");
            }
            Consumer second = new Consumer(server, last);
            await().atMost(Duration.ofSeconds(20)).until(() -> second.events.size() >= 10);
            second.cancel();
            assertThat(second.events).extracting(DeploymentEvent::getPosition)
                    .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(last + 1, last + 10).boxed().toList());
        }
    }

    @Test
    void idleStream_sendsHeartbeatsWithTheHead() throws Exception {
        try (StatusServer server = StatusServer.start()) {
            Fixtures.create(server.blocking(Role.DEPLOYER), "quiet", "prod");
            Consumer consumer = new Consumer(server, 0);
            await().atMost(Duration.ofSeconds(10)).until(() -> consumer.heartbeats.size() >= 1);
            consumer.cancel();
            assertThat(consumer.heartbeats.get(0)).isEqualTo(1);
            assertThat(consumer.events).hasSize(1);
        }
    }

    private static void write(StatusServiceBlockingStub stub, int writer, AtomicInteger transitions) {
        int done = 0;
        int deployment = 0;
        while (done < TRANSITIONS_PER_WRITER) {
            // Writers share services so successes race for the same auto-inactivation.
            Deployment d = Fixtures.create(stub, "svc-" + (deployment++ % 4), "prod");
            Fixtures.record(stub, d, DeploymentState.DEPLOYMENT_STATE_QUEUED);
            done++;
            for (int i = 0; i < 8 && done < TRANSITIONS_PER_WRITER; i++, done++) {
                Fixtures.record(stub, d, DeploymentState.DEPLOYMENT_STATE_IN_PROGRESS);
            }
            if (done < TRANSITIONS_PER_WRITER) {
                Fixtures.record(stub, d, writer % 5 == 0 ? DeploymentState.DEPLOYMENT_STATE_FAILED
                        : DeploymentState.DEPLOYMENT_STATE_SUCCEEDED);
                done++;
            }
        }
        transitions.addAndGet(done);
    }

    private static void assertPerDeploymentRevisionsIncrease(List<DeploymentEvent> events) {
        Map<String, Long> lastRevision = new HashMap<>();
        for (DeploymentEvent e : events) {
            long revision = e.getDeployment().getRevision();
            Long previous = lastRevision.put(e.getDeployment().getId(), revision);
            assertThat(revision).as("revision of %s after %s", e.getDeployment().getId(), previous)
                    .isEqualTo(previous == null ? 1 : previous + 1);
        }
    }

    private static long count(StatusServer server, String sql) throws Exception {
        try (Connection c = server.sql(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** A StreamEvents consumer on a real gRPC stream. */
    static final class Consumer {
        final List<DeploymentEvent> events = new CopyOnWriteArrayList<>();
        final List<Long> heartbeats = new CopyOnWriteArrayList<>();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final Context.CancellableContext context = Context.current().withCancellation();

        Consumer(StatusServer server, long after) {
            context.run(() -> server.async(Role.SERVICE).streamEvents(
                    StreamEventsRequest.newBuilder().setAfterPosition(after).build(), new StreamObserver<>() {
                        @Override
                        public void onNext(StreamEventsResponse value) {
                            if (value.hasEvent()) {
                                events.add(value.getEvent());
                            } else {
                                heartbeats.add(value.getHeartbeat().getHeadPosition());
                            }
                        }

                        @Override
                        public void onError(Throwable t) {
                            if (!context.isCancelled()) {
                                failure.set(t);
                            }
                        }

                        @Override
                        public void onCompleted() {
                        }
                    }));
        }

        void cancel() {
            context.cancel(null);
        }
    }
}
