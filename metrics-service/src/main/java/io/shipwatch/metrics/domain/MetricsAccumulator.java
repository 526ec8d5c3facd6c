package io.shipwatch.metrics.domain;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Merges the rollup rows of a range (any services and environments) and turns them into
 * {@link DeploymentMetrics}. Rows are fed in encoded form so reading one costs no allocation
 * beyond the bytes themselves.
 */
public final class MetricsAccumulator {
    private static final double DAYS_PER_WEEK = 7.0;
    private static final double DAYS_PER_MONTH = 365.25 / 12;

    private final DayRange range;
    private final RollupSection all = new RollupSection();
    private final RollupSection production = new RollupSection();
    private final BitSet deployDays = new BitSet();

    public MetricsAccumulator(DayRange range) {
        this.range = range;
    }

    /** Adds one row; {@code productionDeployed} says whether that day saw a successful production deployment. */
    public void add(LocalDate day, byte[] allSection, byte[] productionSection, boolean productionDeployed) {
        if (!range.contains(day)) {
            throw new IllegalArgumentException(day + " is outside " + range);
        }
        all.mergeEncoded(allSection);
        production.mergeEncoded(productionSection);
        if (productionDeployed) {
            deployDays.set(range.indexOf(day));
        }
    }

    /** Adds a month row (the merge of its days); bit i of {@code deployDayBits} is day i + 1 of the month. */
    public void addMonth(LocalDate month, byte[] allSection, byte[] productionSection, long deployDayBits) {
        if (month.getDayOfMonth() != 1 || !range.contains(month) || range.end().isBefore(month.plusMonths(1))) {
            throw new IllegalArgumentException(month + " is not a whole month inside " + range);
        }
        all.mergeEncoded(allSection);
        production.mergeEncoded(productionSection);
        for (long bits = deployDayBits; bits != 0; bits &= bits - 1) {
            deployDays.set(range.indexOf(month.plusDays(Long.numberOfTrailingZeros(bits))));
        }
    }

    public void add(DayRollup row) {
        add(row.day(), row.all().encode(), row.production().encode(), row.production().deployed() > 0);
    }

    public DeploymentMetrics result(boolean productionOnly) {
        RollupSection counted = productionOnly ? production : all;
        Map<DeploymentState, Long> byState = new EnumMap<>(DeploymentState.class);
        for (DeploymentState s : DeploymentState.values()) {
            if (s != DeploymentState.INACTIVE) {
                byState.put(s, counted.count(s));
            }
        }
        long succeeded = counted.count(DeploymentState.SUCCEEDED);
        long ended = counted.count(DeploymentState::isEnded);
        DeploymentMetrics.Counts counts = new DeploymentMetrics.Counts(counted.total(), byState, succeeded,
                counted.count(DeploymentState::isFailure), ended, ratio(succeeded, ended));
        LogSketch d = counted.durations();
        DeploymentMetrics.Percentiles duration = new DeploymentMetrics.Percentiles(d.count(), d.percentile(50),
                d.percentile(95), d.percentile(99), mean(counted.durationSum(), d.count()));
        return new DeploymentMetrics(range, counts, duration, frequency(), leadTime(), changeFailure(), recovery());
    }

    private DeploymentMetrics.Frequency frequency() {
        long n = production.deployed();
        double days = range.days();
        double perWeek = median(deployDaysPer(DayRange.Bucket.WEEK));
        double perMonth = median(deployDaysPer(DayRange.Bucket.MONTH));
        return new DeploymentMetrics.Frequency(n, deployDays.cardinality(), n / days, n / days * DAYS_PER_WEEK,
                n / days * DAYS_PER_MONTH, perWeek, perMonth, DoraLevel.deploymentFrequency(perWeek, perMonth));
    }

    private DeploymentMetrics.LeadTime leadTime() {
        LogSketch s = production.leadTimes();
        Long median = s.percentile(50);
        return new DeploymentMetrics.LeadTime(s.count(), median, s.percentile(90),
                mean(production.leadTimeSum(), s.count()), DoraLevel.leadTime(median));
    }

    private DeploymentMetrics.ChangeFailure changeFailure() {
        long failed = production.count(DeploymentState::isFailure);
        long finished = production.count(DeploymentState::isFinished);
        return new DeploymentMetrics.ChangeFailure(failed, finished, ratio(failed, finished),
                DoraLevel.changeFailureRate(failed, finished));
    }

    private DeploymentMetrics.Recovery recovery() {
        LogSketch s = production.recoveries();
        Long median = s.percentile(50);
        return new DeploymentMetrics.Recovery(s.count(), production.unrecovered(), median,
                mean(production.recoverySum(), s.count()), DoraLevel.recoveryTime(median));
    }

    /** Deploy-days in each week or month the range touches (partial ones at the edges included). */
    private List<Integer> deployDaysPer(DayRange.Bucket bucket) {
        List<Integer> out = new ArrayList<>();
        for (DayRange b : range.split(bucket)) {
            out.add(deployDays.get(range.indexOf(b.start()), range.indexOf(b.end())).cardinality());
        }
        return out;
    }

    static double median(List<Integer> values) {
        List<Integer> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    }

    private static double ratio(long part, long whole) {
        return whole == 0 ? 0 : (double) part / whole;
    }

    private static Long mean(long sum, long count) {
        return count == 0 ? null : sum / count;
    }
}
