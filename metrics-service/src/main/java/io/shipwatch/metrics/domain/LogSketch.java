package io.shipwatch.metrics.domain;

import java.util.Arrays;

/**
 * A mergeable distribution sketch of non-negative millisecond values with 1 % relative error
 * (log-spaced buckets of ratio 1.02, as DDSketch does). Two sketches merge by adding bucket
 * counts, so a percentile over any range of days is the merge of the daily sketches.
 *
 * <p>Chosen over HdrHistogram because a daily row holds a handful of values: the sparse
 * encoding is a few bytes and merging one into an accumulator is an addition loop, where
 * decoding an HdrHistogram allocates its whole counts array for every row.
 */
public final class LogSketch {
    static final double GAMMA = 1.02;
    private static final double LOG_GAMMA = Math.log(GAMMA);

    private long[] counts = new long[0];
    private long total;

    /** Bucket 0 holds 0; bucket i ≥ 1 holds [γ^(i-1), γ^i). */
    static int bucket(long value) {
        return value <= 0 ? 0 : 1 + (int) Math.floor(Math.log(value) / LOG_GAMMA);
    }

    /** The middle of bucket i: within 1 % of every value the bucket holds. */
    static long representative(int bucket) {
        if (bucket == 0) {
            return 0;
        }
        double lower = Math.pow(GAMMA, bucket - 1);
        return Math.round(lower * (1 + GAMMA) / 2);
    }

    public void add(long value) {
        addToBucket(bucket(value), 1);
    }

    public void merge(LogSketch other) {
        for (int i = 0; i < other.counts.length; i++) {
            if (other.counts[i] != 0) {
                addToBucket(i, other.counts[i]);
            }
        }
    }

    public long count() {
        return total;
    }

    /**
     * The nearest-rank percentile: the value at rank ⌈pct·n/100⌉ of the sorted values, within
     * the sketch's 1 % error; null when empty.
     */
    public Long percentile(int pct) {
        if (total == 0) {
            return null;
        }
        long rank = Math.max(1, (pct * total + 99) / 100);
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return representative(i);
            }
        }
        throw new IllegalStateException("counts do not add up to " + total);
    }

    /** Sparse form: number of non-empty buckets, then (bucket gap, count) pairs as varints. */
    public void writeTo(Bytes.Writer out) {
        int used = 0;
        for (long c : counts) {
            if (c != 0) {
                used++;
            }
        }
        out.varint(used);
        int previous = 0;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] != 0) {
                out.varint(i - previous);
                out.varint(counts[i]);
                previous = i;
            }
        }
    }

    /** Adds a sketch written by {@link #writeTo} without materialising it. */
    public void mergeFrom(Bytes.Reader in) {
        mergeFrom(in, 1);
    }

    /** Adds ({@code sign} 1) or takes out ({@code sign} -1) a sketch written by {@link #writeTo}. */
    void mergeFrom(Bytes.Reader in, int sign) {
        long used = in.varint();
        int bucket = 0;
        for (long k = 0; k < used; k++) {
            bucket += (int) in.varint();
            addToBucket(bucket, sign * in.varint());
        }
    }

    boolean nonNegative() {
        if (total < 0) {
            return false;
        }
        for (long c : counts) {
            if (c < 0) {
                return false;
            }
        }
        return true;
    }

    private void addToBucket(int bucket, long n) {
        if (bucket >= counts.length) {
            counts = Arrays.copyOf(counts, Math.max(bucket + 1, counts.length * 2));
        }
        counts[bucket] += n;
        total += n;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof LogSketch other) || other.total != total) {
            return false;
        }
        int n = Math.max(counts.length, other.counts.length);
        for (int i = 0; i < n; i++) {
            if ((i < counts.length ? counts[i] : 0) != (i < other.counts.length ? other.counts[i] : 0)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(total);
    }
}
