package io.shipwatch.diagnostics.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AnalysisTest {
    private final Analysis analysis = new Analysis(PatternLibrary.loadDefault());

    @Test
    void accept_returnsAFindingTheMomentItBecomesConfident_andOnlyOnce() {
        assertThat(analysis.accept(Evidence.logLine("client", "ci", 1, "compiling..."))).isEmpty();
        List<Finding> first = analysis.accept(Evidence.logLine("client", "ci", 2, "Error: getaddrinfo ENOTFOUND payments-api"));
        assertThat(first).extracting(Finding::patternId).containsExactly("dns-resolution-failure");
        assertThat(analysis.accept(Evidence.logLine("client", "ci", 3, "Error: getaddrinfo ENOTFOUND payments-api"))).isEmpty();
    }

    @Test
    void exit137Alone_isNotConfident_butWithOomKilledItIs() {
        assertThat(analysis.accept(Evidence.containerState("container-state", "pod/a/app", "Error", 137, ""))).isEmpty();
        assertThat(analysis.rank()).first().satisfies(f -> {
            assertThat(f.patternId()).isEqualTo("exit-code-137-sigkill");
            assertThat(f.confidence()).isLessThan(Analysis.CONFIDENT);
        });
        List<Finding> found = analysis.accept(Evidence.metric("resources", "pod/a/app", "memory_limit_ratio", 0.95));
        assertThat(found).extracting(Finding::patternId).containsExactly("oom-killed-limit");
        assertThat(found.get(0).confidence()).isGreaterThan(0.8);
    }

    @Test
    void findingsOfOneCauseFromSeveralCollectors_mergeWithAllEvidence_andCorroborationRaisesConfidence() {
        analysis.accept(Evidence.containerState("container-state", "pod/a/app (previous)", "OOMKilled", 137, ""));
        double stateOnly = analysis.rank().get(0).confidence();
        analysis.accept(Evidence.event("events", "Pod/a", "BackOff", "Back-off restarting failed container app"));
        analysis.accept(Evidence.containerState("container-state", "pod/a/app", "CrashLoopBackOff", Evidence.NO_EXIT_CODE, ""));
        analysis.accept(Evidence.metric("resources", "pod/a/app", "memory_limit_ratio", 0.99));

        List<Finding> ranked = analysis.rank();
        Finding top = ranked.get(0);
        assertThat(top.patternId()).isEqualTo("oom-killed-limit");
        assertThat(top.confidence()).isGreaterThan(stateOnly);
        assertThat(top.collectors()).contains("container-state", "resources", "events");
        assertThat(top.mergedPatternIds()).contains("crashloop-backoff", "exit-code-137-sigkill");
        assertThat(ranked).extracting(Finding::patternId).doesNotContain("crashloop-backoff", "exit-code-137-sigkill");
        assertThat(top.evidence()).extracting(Evidence::describe)
                .anyMatch(d -> d.contains("OOMKilled")).anyMatch(d -> d.contains("Back-off"));
        assertThat(top.evidence()).as("the OOMKilled state holds two signals but is listed once").doesNotHaveDuplicates();
    }

    @Test
    void crashLoopWithoutCause_namesTheLastTermination() {
        analysis.accept(Evidence.containerState("container-state", "pod/a/app (previous)", "Error", 3, "config invalid"));
        analysis.accept(Evidence.containerState("container-state", "pod/a/app", "CrashLoopBackOff", Evidence.NO_EXIT_CODE, ""));
        Finding top = analysis.rank().get(0);
        assertThat(top.patternId()).isEqualTo("crashloop-backoff");
        assertThat(top.summary()).contains("Last termination: Error (exit code 3)");
    }

    @Test
    void gracefulShutdown_counterSignalKeepsExit143OutOfTheReport() {
        analysis.accept(Evidence.containerState("container-state", "pod/a/app", "Error", 143, ""));
        analysis.accept(Evidence.logLine("logs", "pod/a/app", 1, "Shutting down gracefully"));
        assertThat(analysis.rank()).isEmpty();
    }

    @Test
    void evidencePerFinding_isBounded() {
        for (int i = 0; i < 500; i++) {
            analysis.accept(Evidence.logLine("client", "ci", i, "java.net.UnknownHostException: host-" + i));
        }
        assertThat(analysis.rank().get(0).evidence()).hasSize(Analysis.MAX_EVIDENCE_PER_FINDING);
        assertThat(analysis.evidenceCount()).isEqualTo(500);
    }

    @Test
    void fingerprint_ignoresOrderAndDigits_butNotContent() {
        Analysis a = new Analysis(PatternLibrary.loadDefault());
        Analysis b = new Analysis(PatternLibrary.loadDefault());
        Analysis c = new Analysis(PatternLibrary.loadDefault());
        a.accept(Evidence.logLine("logs", "p", 1, "2026-11-26T10:00:01Z connect to db failed"));
        a.accept(Evidence.containerState("container-state", "p", "OOMKilled", 137, ""));
        b.accept(Evidence.containerState("container-state", "p", "OOMKilled", 137, ""));
        b.accept(Evidence.logLine("logs", "p", 9, "2026-11-26T11:42:17Z connect to db failed"));
        c.accept(Evidence.containerState("container-state", "p", "OOMKilled", 137, ""));
        c.accept(Evidence.logLine("logs", "p", 1, "2026-11-26T10:00:01Z connect to cache failed"));
        assertThat(a.fingerprint()).isEqualTo(b.fingerprint()).isNotEqualTo(c.fingerprint());
    }
}
