package io.shipwatch.diagnostics.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DiagnosticSessionTest {
    private static final Workload WORKLOAD = new Workload("fake", "", "shop", "checkout", "");
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final ExecutorService runner = Executors.newSingleThreadExecutor();
    private final MapCache cache = new MapCache();
    private final CountDownLatch release = new CountDownLatch(1);
    private final Map<CollectorKind, Boolean> interrupted = new ConcurrentHashMap<>();

    @AfterEach
    void stop() {
        release.countDown();
        executor.shutdownNow();
        runner.shutdownNow();
    }

    private DiagnosticSession session(Duration collectorTimeout) {
        return new DiagnosticSession(PatternLibrary.loadDefault(), executor, cache,
                new SessionSettings(Duration.ofSeconds(30), collectorTimeout, 100), System::nanoTime);
    }

    /** A provider answering each collector with fixed evidence, a failure, or blocking until released/interrupted. */
    private final class FakeProvider implements PlatformProvider {
        final Map<CollectorKind, Object> answers = new EnumMap<>(CollectorKind.class);

        @Override
        public String name() {
            return "fake";
        }

        @Override
        @SuppressWarnings("unchecked")
        public List<Evidence> collect(CollectorKind kind, Workload w) throws Exception {
            Object a = answers.getOrDefault(kind, List.of());
            if (a instanceof Exception e) {
                throw e;
            }
            if (a == BLOCK) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    interrupted.put(kind, true);
                    throw e;
                }
                return List.of(Evidence.logLine("logs", "pod/a/app", 1, "java.lang.OutOfMemoryError: Java heap space"));
            }
            return (List<Evidence>) a;
        }
    }

    private static final Object BLOCK = new Object();

    /** Records what the session sent, in order. */
    private static final class Recorder implements SessionListener {
        final List<String> messages = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void collectorStarted(CollectorKind kind) {
            messages.add("started " + kind.id());
        }

        @Override
        public void evidence(CollectorKind kind, int count, List<Evidence> samples, boolean truncated) {
            messages.add("evidence " + kind.id() + " " + count + (truncated ? " truncated" : ""));
        }

        @Override
        public void finding(Finding finding) {
            messages.add("finding " + finding.patternId());
        }

        @Override
        public void collectorFailed(CollectorKind kind, CollectorRun run) {
            messages.add("failed " + kind.id() + " " + run.outcome());
        }
    }

    private FakeProvider oomProvider() {
        FakeProvider p = new FakeProvider();
        p.answers.put(CollectorKind.CONTAINER_STATE,
                List.of(Evidence.containerState("container-state", "pod/a/app", "OOMKilled", 137, "")));
        p.answers.put(CollectorKind.EVENTS,
                List.of(Evidence.event("events", "Pod/a", "BackOff", "Back-off restarting failed container")));
        return p;
    }

    @Test
    void findingsOfFastCollectors_arriveWhileASlowCollectorStillRuns() throws Exception {
        FakeProvider p = oomProvider();
        p.answers.put(CollectorKind.LOGS, BLOCK);
        Recorder r = new Recorder();
        Future<SessionResult> result = runner.submit(() -> session(Duration.ofSeconds(20)).run(p, WORKLOAD, Depth.BASIC, r, () -> false));

        await().atMost(Duration.ofSeconds(5)).until(() -> r.messages.contains("finding oom-killed-limit"));
        assertThat(result).isNotDone();
        assertThat(r.messages.get(0)).isEqualTo("started container-state");
        release.countDown();
        SessionResult done = result.get();
        assertThat(r.messages).contains("finding java-heap-oom");
        assertThat(done.collectors()).extracting(CollectorRun::outcome).containsOnly(CollectorRun.Outcome.SUCCEEDED);
        assertThat(done.rootCauses().get(0).patternId()).isEqualTo("oom-killed-limit");
    }

    @Test
    void aFailingCollector_isReported_andTheSessionGoesOnWithTheRest() throws Exception {
        FakeProvider p = oomProvider();
        p.answers.put(CollectorKind.EVENTS, new IllegalStateException("events API returned 500"));
        Recorder r = new Recorder();
        SessionResult done = session(Duration.ofSeconds(20)).run(p, WORKLOAD, Depth.BASIC, r, () -> false);
        assertThat(r.messages).contains("failed events FAILED", "finding oom-killed-limit");
        assertThat(done.collectors()).filteredOn(c -> c.collector().equals("events")).singleElement()
                .satisfies(c -> assertThat(c.detail()).contains("events API returned 500"));
        assertThat(done.rootCauses().get(0).patternId()).isEqualTo("oom-killed-limit");
    }

    @Test
    void aCollectorPastItsTimeout_isStoppedAndReportedTimedOut() throws Exception {
        FakeProvider p = oomProvider();
        p.answers.put(CollectorKind.LOGS, BLOCK);
        Recorder r = new Recorder();
        SessionResult done = session(Duration.ofMillis(300)).run(p, WORKLOAD, Depth.BASIC, r, () -> false);
        assertThat(r.messages).contains("failed logs TIMED_OUT");
        await().atMost(Duration.ofSeconds(5)).until(() -> interrupted.containsKey(CollectorKind.LOGS));
        assertThat(done.rootCauses().get(0).patternId()).isEqualTo("oom-killed-limit");
    }

    @Test
    void whenTheClientCancels_theRunningCollectorsAreInterrupted() throws Exception {
        FakeProvider p = oomProvider();
        p.answers.put(CollectorKind.LOGS, BLOCK);
        p.answers.put(CollectorKind.RESOURCES, BLOCK);
        AtomicBoolean cancelled = new AtomicBoolean();
        Recorder r = new Recorder();
        Future<SessionResult> result = runner.submit(() ->
                session(Duration.ofSeconds(20)).run(p, WORKLOAD, Depth.COMPREHENSIVE, r, cancelled::get));
        await().atMost(Duration.ofSeconds(5)).until(() -> r.messages.contains("finding oom-killed-limit"));
        cancelled.set(true);
        SessionResult done = result.get();
        await().atMost(Duration.ofSeconds(5)).until(() ->
                interrupted.containsKey(CollectorKind.LOGS) && interrupted.containsKey(CollectorKind.RESOURCES));
        assertThat(done.collectors()).filteredOn(c -> c.outcome() == CollectorRun.Outcome.CANCELLED)
                .extracting(CollectorRun::collector).contains("logs", "resources");
    }

    @Test
    void anUnchangedFailureDiagnosedAgain_isAnsweredFromTheCache_withoutWaitingForSlowCollectors() throws Exception {
        FakeProvider first = oomProvider();
        SessionResult one = session(Duration.ofSeconds(20)).run(first, WORKLOAD, Depth.BASIC, new Recorder(), () -> false);
        assertThat(one.fromCache()).isFalse();

        FakeProvider again = oomProvider();
        again.answers.put(CollectorKind.LOGS, BLOCK);
        SessionResult two = session(Duration.ofSeconds(20)).run(again, WORKLOAD, Depth.BASIC, new Recorder(), () -> false);
        assertThat(two.fromCache()).isTrue();
        assertThat(two.fingerprint()).isEqualTo(one.fingerprint());
        assertThat(two.rootCauses()).extracting(Finding::patternId).isEqualTo(one.rootCauses().stream().map(Finding::patternId).toList());
        // The logs collector blocks until released and was never released: the answer did not wait for it.
        assertThat(two.collectors()).filteredOn(c -> c.collector().equals("logs")).singleElement()
                .satisfies(c -> assertThat(c.outcome()).isEqualTo(CollectorRun.Outcome.CANCELLED));
    }

    @Test
    void evidenceBeyondTheCap_isDropped_andTheSummarySaysTruncated() throws Exception {
        FakeProvider p = oomProvider();
        List<Evidence> many = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            many.add(Evidence.logLine("logs", "pod/a/app", i, "line " + i));
        }
        p.answers.put(CollectorKind.LOGS, many);
        Recorder r = new Recorder();
        SessionResult done = session(Duration.ofSeconds(20)).run(p, WORKLOAD, Depth.BASIC, r, () -> false);
        assertThat(r.messages).contains("evidence logs 100 truncated");
        assertThat(done.evidenceCount()).isEqualTo(102);
    }

    private static final class MapCache implements ResultCache {
        final Map<String, List<Finding>> map = new ConcurrentHashMap<>();

        @Override
        public Optional<List<Finding>> get(String fingerprint) {
            return Optional.ofNullable(map.get(fingerprint));
        }

        @Override
        public void put(String fingerprint, List<Finding> rootCauses) {
            map.put(fingerprint, rootCauses);
        }
    }
}
