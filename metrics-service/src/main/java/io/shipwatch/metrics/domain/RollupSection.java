package io.shipwatch.metrics.domain;

import java.util.Arrays;

/**
 * Counts, sums and sketches over a set of deployments: one rollup row holds one section for all
 * its deployments and one for the production ones. Sections merge by addition, so the section
 * of any range of days is the merge of its daily sections; and since every part is an integer
 * count or sum, a section can also take one back out exactly ({@link #subtractEncoded}), which
 * is how a group row (a month, all services) follows a change of one of its members.
 */
public final class RollupSection {
    private static final int FORMAT = 1;
    private static final DeploymentState[] STATES = DeploymentState.values();

    private final long[] stateCounts = new long[STATES.length];
    private long deployed;
    private long unrecovered;
    private long durationSum;
    private long leadTimeSum;
    private long recoverySum;
    private final LogSketch durations = new LogSketch();
    private final LogSketch leadTimes = new LogSketch();
    private final LogSketch recoveries = new LogSketch();

    /** Adds one deployment; {@code recoveredAt} is the next success after its failure, if any. */
    public void add(DeploymentFacts f, java.time.Instant recoveredAt) {
        stateCounts[f.state().ordinal()]++;
        if (f.succeededAt() != null) {
            deployed++;
        }
        Long duration = f.durationMillis();
        if (duration != null) {
            durations.add(duration);
            durationSum += duration;
        }
        Long lead = f.leadTimeMillis();
        if (lead != null) {
            leadTimes.add(lead);
            leadTimeSum += lead;
        }
        // Recovery is a production notion: only production failures wait for a recovery.
        if (f.failedAt() != null && f.production()) {
            if (recoveredAt == null) {
                unrecovered++;
            } else {
                long recovery = DeploymentFacts.nonNegativeMillis(f.failedAt(), recoveredAt);
                recoveries.add(recovery);
                recoverySum += recovery;
            }
        }
    }

    public void merge(RollupSection o) {
        for (int i = 0; i < stateCounts.length; i++) {
            stateCounts[i] += o.stateCounts[i];
        }
        deployed += o.deployed;
        unrecovered += o.unrecovered;
        durationSum += o.durationSum;
        leadTimeSum += o.leadTimeSum;
        recoverySum += o.recoverySum;
        durations.merge(o.durations);
        leadTimes.merge(o.leadTimes);
        recoveries.merge(o.recoveries);
    }

    public byte[] encode() {
        if (!nonNegative()) {
            throw new IllegalStateException("a rollup section went negative: a subtracted row was never added");
        }
        Bytes.Writer out = new Bytes.Writer().varint(FORMAT);
        for (long c : stateCounts) {
            out.varint(c);
        }
        out.varint(deployed).varint(unrecovered).varint(durationSum).varint(leadTimeSum).varint(recoverySum);
        durations.writeTo(out);
        leadTimes.writeTo(out);
        recoveries.writeTo(out);
        return out.toByteArray();
    }

    /** Adds a section written by {@link #encode}. */
    public void mergeEncoded(byte[] bytes) {
        addEncoded(bytes, 1);
    }

    /** Takes out a section written by {@link #encode} that was merged into this one before. */
    public void subtractEncoded(byte[] bytes) {
        addEncoded(bytes, -1);
    }

    private boolean nonNegative() {
        for (long c : stateCounts) {
            if (c < 0) {
                return false;
            }
        }
        return deployed >= 0 && unrecovered >= 0 && durationSum >= 0 && leadTimeSum >= 0 && recoverySum >= 0
                && durations.nonNegative() && leadTimes.nonNegative() && recoveries.nonNegative();
    }

    private void addEncoded(byte[] bytes, int sign) {
        Bytes.Reader in = new Bytes.Reader(bytes);
        long format = in.varint();
        if (format != FORMAT) {
            throw new IllegalArgumentException("unknown rollup format " + format);
        }
        for (int i = 0; i < stateCounts.length; i++) {
            stateCounts[i] += sign * in.varint();
        }
        deployed += sign * in.varint();
        unrecovered += sign * in.varint();
        durationSum += sign * in.varint();
        leadTimeSum += sign * in.varint();
        recoverySum += sign * in.varint();
        durations.mergeFrom(in, sign);
        leadTimes.mergeFrom(in, sign);
        recoveries.mergeFrom(in, sign);
    }

    public long count(DeploymentState s) {
        return stateCounts[s.ordinal()];
    }

    public long total() {
        return Arrays.stream(stateCounts).sum();
    }

    /** Deployments in states matching the predicate. */
    public long count(java.util.function.Predicate<DeploymentState> which) {
        long n = 0;
        for (DeploymentState s : STATES) {
            if (which.test(s)) {
                n += stateCounts[s.ordinal()];
            }
        }
        return n;
    }

    /** Deployments that reached SUCCEEDED (later rollbacks included): deployment frequency counts these. */
    public long deployed() {
        return deployed;
    }

    public long unrecovered() {
        return unrecovered;
    }

    public long durationSum() {
        return durationSum;
    }

    public long leadTimeSum() {
        return leadTimeSum;
    }

    public long recoverySum() {
        return recoverySum;
    }

    public LogSketch durations() {
        return durations;
    }

    public LogSketch leadTimes() {
        return leadTimes;
    }

    public LogSketch recoveries() {
        return recoveries;
    }
}
