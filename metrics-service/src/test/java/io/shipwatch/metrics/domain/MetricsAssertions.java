package io.shipwatch.metrics.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

/** Compares an answer from rollups with the brute-force one: counts exactly, percentiles within the sketch's 1 %. */
public final class MetricsAssertions {
    private MetricsAssertions() {
    }

    static void assertMatches(DeploymentMetrics got, BruteForce.Answer want) {
        assertThat(got.counts().total()).as("total").isEqualTo(want.total());
        assertThat(got.counts().succeeded()).as("succeeded").isEqualTo(want.succeeded());
        assertThat(got.counts().failed()).as("failed").isEqualTo(want.failed());
        assertThat(got.counts().ended()).as("ended").isEqualTo(want.ended());
        assertThat(got.counts().byState().get(DeploymentState.CANCELLED)).as("cancelled").isEqualTo(want.cancelled());
        assertThat(got.counts().byState().get(DeploymentState.IN_PROGRESS)).as("in progress").isEqualTo(want.inProgress());
        assertThat(got.changeFailure().failed()).as("production failed").isEqualTo(want.prodFailed());
        assertThat(got.changeFailure().finished()).as("production finished").isEqualTo(want.prodFinished());
        assertThat(got.frequency().deployments()).as("deployments").isEqualTo(want.deployments());
        assertThat(got.frequency().deployDays()).as("deploy days").isEqualTo(want.deployDays().size());
        assertThat(got.recovery().count()).as("recoveries").isEqualTo(want.recoveries().size());
        assertThat(got.recovery().unrecovered()).as("unrecovered").isEqualTo(want.unrecovered());
        assertThat(got.duration().count()).as("durations").isEqualTo(want.durations().size());
        assertThat(got.leadTime().count()).as("lead times").isEqualTo(want.leadTimes().size());
        close(got.duration().p50(), BruteForce.percentile(want.durations(), 50), "duration p50");
        close(got.duration().p95(), BruteForce.percentile(want.durations(), 95), "duration p95");
        close(got.duration().p99(), BruteForce.percentile(want.durations(), 99), "duration p99");
        close(got.leadTime().median(), BruteForce.percentile(want.leadTimes(), 50), "lead time median");
        close(got.leadTime().p90(), BruteForce.percentile(want.leadTimes(), 90), "lead time p90");
        close(got.recovery().median(), BruteForce.percentile(want.recoveries(), 50), "recovery median");
        close(got.duration().mean(), mean(want.durations()), "duration mean");
        assertThat(got.frequency().medianDeployDaysPerWeek()).as("median deploy-days per week")
                .isEqualTo(medianPer(got.range(), want, d -> d.get(java.time.temporal.IsoFields.WEEK_BASED_YEAR) * 100
                        + d.get(java.time.temporal.IsoFields.WEEK_OF_WEEK_BASED_YEAR)));
        assertThat(got.frequency().medianDeployDaysPerMonth()).as("median deploy-days per month")
                .isEqualTo(medianPer(got.range(), want, d -> d.getYear() * 100 + d.getMonthValue()));
    }

    /** Groups every day of the range by a period key, counts deploy-days per period, takes the median. */
    private static double medianPer(DayRange range, BruteForce.Answer want,
                                    java.util.function.ToIntFunction<java.time.LocalDate> period) {
        java.util.Map<Integer, Integer> perPeriod = new java.util.TreeMap<>();
        for (java.time.LocalDate d = range.start(); d.isBefore(range.end()); d = d.plusDays(1)) {
            perPeriod.merge(period.applyAsInt(d), want.deployDays().contains(d) ? 1 : 0, Integer::sum);
        }
        List<Integer> sorted = perPeriod.values().stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    }

    static void close(Long got, Long want, String what) {
        if (want == null) {
            assertThat(got).as(what).isNull();
            return;
        }
        assertThat(got).as(what).isNotNull();
        assertThat((double) got).as(what).isCloseTo(want, org.assertj.core.data.Offset.offset(want * 0.01 + 1));
    }

    private static Long mean(List<Long> values) {
        return values.isEmpty() ? null : values.stream().mapToLong(Long::longValue).sum() / values.size();
    }
}
