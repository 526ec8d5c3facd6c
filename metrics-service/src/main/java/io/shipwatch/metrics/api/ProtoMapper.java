package io.shipwatch.metrics.api;

import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import io.shipwatch.metrics.domain.DeploymentMetrics;
import io.shipwatch.metrics.domain.DeploymentState;
import io.shipwatch.metrics.domain.DoraLevel;
import io.shipwatch.metrics.v1.ChangeFailure;
import io.shipwatch.metrics.v1.DeploymentFrequency;
import io.shipwatch.metrics.v1.DurationPercentiles;
import io.shipwatch.metrics.v1.LeadTime;
import io.shipwatch.metrics.v1.RecoveryTime;
import io.shipwatch.metrics.v1.StateCount;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.function.Consumer;

/** Maps domain answers to the proto contract. */
final class ProtoMapper {
    private ProtoMapper() {
    }

    static io.shipwatch.metrics.v1.DeploymentMetrics toProto(DeploymentMetrics m) {
        io.shipwatch.metrics.v1.DeploymentMetrics.Builder b = io.shipwatch.metrics.v1.DeploymentMetrics.newBuilder()
                .setStartTime(midnight(m.range().start()))
                .setEndTime(midnight(m.range().end()))
                .setTotalDeployments(m.counts().total())
                .setSucceededDeployments(m.counts().succeeded())
                .setFailedDeployments(m.counts().failed())
                .setEndedDeployments(m.counts().ended())
                .setSuccessRate(m.counts().successRate())
                .setChangeFailureRate(m.changeFailure().rate());
        for (Map.Entry<DeploymentState, Long> e : m.counts().byState().entrySet()) {
            b.addStateCounts(StateCount.newBuilder().setState(state(e.getKey())).setCount(e.getValue()));
        }
        DeploymentMetrics.Percentiles d = m.duration();
        DurationPercentiles.Builder duration = DurationPercentiles.newBuilder().setCount(d.count());
        ifPresent(d.p50(), duration::setP50);
        ifPresent(d.p95(), duration::setP95);
        ifPresent(d.p99(), duration::setP99);
        ifPresent(d.mean(), duration::setMean);
        DeploymentMetrics.Frequency f = m.frequency();
        DeploymentMetrics.LeadTime l = m.leadTime();
        LeadTime.Builder lead = LeadTime.newBuilder().setCount(l.count()).setLevel(level(l.level()));
        ifPresent(l.median(), lead::setMedian);
        ifPresent(l.p90(), lead::setP90);
        ifPresent(l.mean(), lead::setMean);
        DeploymentMetrics.Recovery r = m.recovery();
        RecoveryTime.Builder recovery = RecoveryTime.newBuilder().setCount(r.count()).setUnrecovered(r.unrecovered())
                .setLevel(level(r.level()));
        ifPresent(r.median(), recovery::setMedian);
        ifPresent(r.mean(), recovery::setMean);
        return b.setDeploymentDuration(duration)
                .setDeploymentFrequency(DeploymentFrequency.newBuilder()
                        .setSuccessfulDeployments(f.deployments())
                        .setDeployDays(f.deployDays())
                        .setPerDay(f.perDay())
                        .setPerWeek(f.perWeek())
                        .setPerMonth(f.perMonth())
                        .setMedianDeployDaysPerWeek(f.medianDeployDaysPerWeek())
                        .setMedianDeployDaysPerMonth(f.medianDeployDaysPerMonth())
                        .setLevel(level(f.level())))
                .setLeadTime(lead)
                .setChangeFailure(ChangeFailure.newBuilder()
                        .setFailedDeployments(m.changeFailure().failed())
                        .setFinishedDeployments(m.changeFailure().finished())
                        .setLevel(level(m.changeFailure().level())))
                .setRecoveryTime(recovery)
                .build();
    }

    static io.shipwatch.metrics.v1.DoraLevel level(DoraLevel level) {
        return switch (level) {
            case NO_DATA -> io.shipwatch.metrics.v1.DoraLevel.DORA_LEVEL_NO_DATA;
            case LOW -> io.shipwatch.metrics.v1.DoraLevel.DORA_LEVEL_LOW;
            case MEDIUM -> io.shipwatch.metrics.v1.DoraLevel.DORA_LEVEL_MEDIUM;
            case HIGH -> io.shipwatch.metrics.v1.DoraLevel.DORA_LEVEL_HIGH;
            case ELITE -> io.shipwatch.metrics.v1.DoraLevel.DORA_LEVEL_ELITE;
        };
    }

    static io.shipwatch.status.v1.DeploymentState state(DeploymentState s) {
        return io.shipwatch.status.v1.DeploymentState.valueOf("DEPLOYMENT_STATE_" + s.name());
    }

    static Timestamp midnight(LocalDate day) {
        return Timestamp.newBuilder().setSeconds(day.atStartOfDay().toEpochSecond(ZoneOffset.UTC)).build();
    }

    private static void ifPresent(Long millis, Consumer<Duration> set) {
        if (millis != null) {
            set.accept(Duration.newBuilder().setSeconds(millis / 1000).setNanos((int) (millis % 1000) * 1_000_000).build());
        }
    }
}
