package io.shipwatch.metrics.domain;

import static io.shipwatch.metrics.domain.DeploymentState.ERRORED;
import static io.shipwatch.metrics.domain.DeploymentState.FAILED;
import static io.shipwatch.metrics.domain.DeploymentState.INACTIVE;
import static io.shipwatch.metrics.domain.DeploymentState.IN_PROGRESS;
import static io.shipwatch.metrics.domain.DeploymentState.ROLLED_BACK;
import static io.shipwatch.metrics.domain.DeploymentState.SUCCEEDED;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Each definition on hand-built event sequences, delivered in order, twice, and backwards. */
class DefinitionsTest {
    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    private static final DayRange MARCH = new DayRange(LocalDate.of(2026, 3, 1), LocalDate.of(2026, 4, 1));

    private final List<History> histories = new ArrayList<>();
    private int next;

    private History deploy(String env, Instant at, Instant commit) {
        History h = History.start("d" + next++, "checkout", env, env.equals("production"), at, commit);
        histories.add(h);
        return h;
    }

    private History deploy(Instant at) {
        return deploy("production", at, null);
    }

    /** The same answer whether events arrive in order, each twice, or newest first. */
    private DeploymentMetrics metrics(boolean productionOnly) {
        List<DeploymentChange> inOrder = new ArrayList<>();
        histories.forEach(h -> inOrder.addAll(h.events()));
        List<DeploymentChange> twice = new ArrayList<>(inOrder);
        twice.addAll(inOrder);
        List<DeploymentChange> backwards = new ArrayList<>(inOrder);
        Collections.reverse(backwards);
        List<DeploymentChange> shuffled = new ArrayList<>(twice);
        Collections.shuffle(shuffled, new Random(7));
        List<DeploymentMetrics> answers = new ArrayList<>();
        for (List<DeploymentChange> delivery : List.of(inOrder, twice, backwards, shuffled)) {
            InMemoryRollups rollups = new InMemoryRollups();
            rollups.applyAll(delivery);
            answers.add(rollups.metrics(MARCH, row -> true, productionOnly));
        }
        assertThat(answers).allSatisfy(a -> assertThat(a).usingRecursiveComparison().isEqualTo(answers.get(0)));
        return answers.get(0);
    }

    @Test
    void changeFailureRate_countsFailedErroredAndRolledBackOverFinished() {
        deploy(T0).then(SUCCEEDED, T0.plusSeconds(60));
        deploy(T0.plusSeconds(100)).then(SUCCEEDED, T0.plusSeconds(160)).then(INACTIVE, T0.plusSeconds(200));
        deploy(T0.plusSeconds(300)).then(FAILED, T0.plusSeconds(360));
        deploy(T0.plusSeconds(400)).then(ERRORED, T0.plusSeconds(460)).then(ROLLED_BACK, T0.plusSeconds(500));
        deploy(T0.plusSeconds(600)).then(SUCCEEDED, T0.plusSeconds(660)).then(ROLLED_BACK, T0.plusSeconds(700));
        deploy(T0.plusSeconds(800)).then(DeploymentState.CANCELLED, T0.plusSeconds(860));
        deploy(T0.plusSeconds(900));
        deploy("staging", T0, null).then(FAILED, T0.plusSeconds(10));

        DeploymentMetrics m = metrics(false);

        assertThat(m.changeFailure().failed()).isEqualTo(3);
        assertThat(m.changeFailure().finished()).isEqualTo(5);
        assertThat(m.changeFailure().rate()).isEqualTo(0.6);
        assertThat(m.changeFailure().level()).isEqualTo(DoraLevel.LOW);
        assertThat(m.counts().total()).isEqualTo(8);
        assertThat(m.counts().failed()).isEqualTo(4);
        assertThat(m.counts().succeeded()).isEqualTo(2);
        assertThat(m.counts().ended()).isEqualTo(7);
        assertThat(m.counts().successRate()).isEqualTo(2.0 / 7);
        assertThat(metrics(true).counts().total()).isEqualTo(7);
    }

    @Test
    void changeFailureRate_levelsAtTheirBoundaries() {
        assertThat(DoraLevel.changeFailureRate(1, 20)).isEqualTo(DoraLevel.ELITE);
        assertThat(DoraLevel.changeFailureRate(2, 20)).isEqualTo(DoraLevel.HIGH);
        assertThat(DoraLevel.changeFailureRate(3, 20)).isEqualTo(DoraLevel.MEDIUM);
        assertThat(DoraLevel.changeFailureRate(4, 20)).isEqualTo(DoraLevel.LOW);
        assertThat(DoraLevel.changeFailureRate(0, 0)).isEqualTo(DoraLevel.NO_DATA);
    }

    @Test
    void leadTime_isSucceededMinusCommitTime_medianAndP90() {
        for (int hours = 1; hours <= 10; hours++) {
            Instant created = T0.plus(Duration.ofDays(hours));
            deploy("production", created, created.minus(Duration.ofHours(hours))).then(SUCCEEDED, created);
        }
        deploy("production", T0, null).then(SUCCEEDED, T0.plusSeconds(5));
        deploy("production", T0, T0.minus(Duration.ofDays(3))).then(FAILED, T0.plusSeconds(5));

        DeploymentMetrics m = metrics(false);

        assertThat(m.leadTime().count()).isEqualTo(10);
        MetricsAssertions.close(m.leadTime().median(), Duration.ofHours(5).toMillis(), "median");
        MetricsAssertions.close(m.leadTime().p90(), Duration.ofHours(9).toMillis(), "p90");
        assertThat(m.leadTime().level()).isEqualTo(DoraLevel.ELITE);
        assertThat(DoraLevel.leadTime(Duration.ofDays(1).toMillis())).isEqualTo(DoraLevel.HIGH);
        assertThat(DoraLevel.leadTime(Duration.ofDays(7).toMillis())).isEqualTo(DoraLevel.MEDIUM);
        assertThat(DoraLevel.leadTime(Duration.ofDays(30).toMillis())).isEqualTo(DoraLevel.LOW);
    }

    @Test
    void recoveryTime_runsFromEachFailureToTheNextSuccessOfItsServiceAndEnvironment() {
        deploy(T0).then(FAILED, T0.plus(Duration.ofMinutes(10)));
        deploy(T0.plus(Duration.ofMinutes(20))).then(ERRORED, T0.plus(Duration.ofMinutes(30)));
        deploy("staging", T0, null).then(SUCCEEDED, T0.plus(Duration.ofMinutes(40)));
        deploy(T0.plus(Duration.ofMinutes(50))).then(SUCCEEDED, T0.plus(Duration.ofMinutes(70)))
                .then(ROLLED_BACK, T0.plus(Duration.ofHours(5)));
        deploy(T0.plus(Duration.ofDays(2))).then(FAILED, T0.plus(Duration.ofDays(2)).plusSeconds(1));

        DeploymentMetrics m = metrics(false);

        // 10 min → 70 min (60 min), 30 min → 70 min (40 min); the rollback at 5 h and the last failure wait.
        assertThat(m.recovery().count()).isEqualTo(2);
        assertThat(m.recovery().unrecovered()).isEqualTo(2);
        MetricsAssertions.close(m.recovery().median(), Duration.ofMinutes(40).toMillis(), "median");
        assertThat(m.recovery().level()).isEqualTo(DoraLevel.ELITE);
        assertThat(DoraLevel.recoveryTime(Duration.ofHours(1).toMillis())).isEqualTo(DoraLevel.HIGH);
        assertThat(DoraLevel.recoveryTime(Duration.ofDays(1).toMillis())).isEqualTo(DoraLevel.MEDIUM);
        assertThat(DoraLevel.recoveryTime(Duration.ofDays(7).toMillis())).isEqualTo(DoraLevel.LOW);
        assertThat(DoraLevel.recoveryTime(null)).isEqualTo(DoraLevel.NO_DATA);
    }

    @Test
    void recoveryTime_aLateSuccessShortensTheRecoveriesItPrecedes() {
        deploy(T0).then(FAILED, T0.plus(Duration.ofMinutes(10)));
        History late = deploy(T0.plus(Duration.ofMinutes(15))).then(SUCCEEDED, T0.plus(Duration.ofMinutes(25)));
        deploy(T0.plus(Duration.ofHours(3))).then(SUCCEEDED, T0.plus(Duration.ofHours(4)));
        histories.remove(late);
        InMemoryRollups rollups = new InMemoryRollups();
        histories.forEach(h -> rollups.applyAll(h.events()));
        assertThat(rollups.metrics(MARCH, r -> true, false).recovery().median())
                .isBetween(Duration.ofMinutes(227).toMillis(), Duration.ofMinutes(232).toMillis());

        rollups.applyAll(late.events());

        MetricsAssertions.close(rollups.metrics(MARCH, r -> true, false).recovery().median(),
                Duration.ofMinutes(15).toMillis(), "median after the late success");
    }

    @Test
    void deploymentFrequency_levelFollowsTheMedianDeployDaysPerWeekThenPerMonth() {
        // Mondays to Fridays of March 2026 (weeks from Monday 2 March), two deployments a day.
        for (LocalDate d = LocalDate.of(2026, 3, 2); d.isBefore(LocalDate.of(2026, 3, 28)); d = d.plusDays(1)) {
            if (d.getDayOfWeek().getValue() <= 5) {
                Instant at = d.atTime(10, 0).toInstant(java.time.ZoneOffset.UTC);
                deploy(at).then(SUCCEEDED, at.plusSeconds(60));
                deploy(at.plusSeconds(3600)).then(SUCCEEDED, at.plusSeconds(3660));
            }
        }
        DeploymentMetrics m = metrics(false);
        assertThat(m.frequency().deployments()).isEqualTo(40);
        assertThat(m.frequency().deployDays()).isEqualTo(20);
        // Weeks touched: 23-1 Mar (0), four full weeks (5 each), 30-31 Mar (0): median 5.
        assertThat(m.frequency().medianDeployDaysPerWeek()).isEqualTo(5);
        assertThat(m.frequency().level()).isEqualTo(DoraLevel.ELITE);
        assertThat(m.frequency().perDay()).isEqualTo(40 / 31.0);

        assertThat(DoraLevel.deploymentFrequency(4.5, 20)).isEqualTo(DoraLevel.HIGH);
        assertThat(DoraLevel.deploymentFrequency(0.5, 1)).isEqualTo(DoraLevel.MEDIUM);
        assertThat(DoraLevel.deploymentFrequency(0, 0.5)).isEqualTo(DoraLevel.LOW);
    }

    @Test
    void duration_runsFromFirstInProgressToTheEndOfTheRollout() {
        deploy(T0).then(IN_PROGRESS, T0.plusSeconds(10)).then(IN_PROGRESS, T0.plusSeconds(20))
                .then(SUCCEEDED, T0.plusSeconds(110)).then(ROLLED_BACK, T0.plusSeconds(5000));
        deploy(T0).then(IN_PROGRESS, T0.plusSeconds(10)).then(FAILED, T0.plusSeconds(310));
        deploy(T0).then(SUCCEEDED, T0.plusSeconds(10));

        DeploymentMetrics m = metrics(false);

        assertThat(m.duration().count()).isEqualTo(2);
        MetricsAssertions.close(m.duration().p50(), 100_000L, "p50");
        MetricsAssertions.close(m.duration().p99(), 300_000L, "p99");
    }
}
