package io.shipwatch.bench;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;
import org.HdrHistogram.Histogram;

/**
 * Event lag from commit to delivery: for one change, (System.nanoTime when the event probe
 * received its StreamEvents event) − (System.nanoTime when the RecordStatus client received the
 * successful response). The server answers only after the transaction committed, so this
 * starts just after the commit; it underestimates by the response's own transit time.
 *
 * <p>Events and responses are matched by (deployment id, revision): the event carries the
 * deployment as it was right after the change, the RecordStatus response the deployment after
 * the change. Either side may come first, so whichever arrives first waits in a shared map
 * until the other one takes it out. An event that arrives before its response (possible: the
 * stream worker can deliver it while the response is still on its way) is recorded as 0 and
 * counted in {@link Result#eventBeforeResponse()}. Events without a response (creations,
 * auto-inactivations) are never matched and stay out of the histogram. The map is bounded:
 * once it holds {@link #DEFAULT_MAX_PENDING} entries, further unmatched arrivals are dropped
 * (and counted) instead of stored.
 *
 * <p>Thread-safe: RecordStatus client threads call {@link #responded}, the probe's stream
 * thread calls {@link #delivered}.
 */
final class CommitLag {
    static final int DEFAULT_MAX_PENDING = 1_000_000;

    private final int maxPending;
    private final ConcurrentHashMap<Key, Pending> pending = new ConcurrentHashMap<>();
    private final Histogram lag = Histograms.newHistogram(); // guarded by this
    private long eventBeforeResponse; // guarded by this
    private final LongAdder responses = new LongAdder();
    private final LongAdder matched = new LongAdder();
    private final LongAdder dropped = new LongAdder();

    /** What was matched; lag in microseconds. */
    record Result(Histograms.Summary lag, long eventBeforeResponse, long responses, long matched, long dropped,
                  long pending) {
    }

    private record Key(String deploymentId, long revision) {
    }

    /** One side that arrived first: a response (listener null) or an event. */
    private record Pending(boolean event, long nanos, boolean counted, LongConsumer listener) {
    }

    CommitLag() {
        this(DEFAULT_MAX_PENDING);
    }

    CommitLag(int maxPending) {
        if (maxPending < 1) {
            throw new IllegalArgumentException("maxPending must be positive");
        }
        this.maxPending = maxPending;
    }

    /**
     * A RecordStatus call for the change that produced revision {@code revision} of
     * {@code deploymentId} returned successfully at {@code responseNanos} (System.nanoTime).
     */
    void responded(String deploymentId, long revision, long responseNanos) {
        responses.increment();
        Pending[] event = new Pending[1];
        pending.compute(new Key(deploymentId, revision), (k, v) -> {
            if (v != null && v.event()) {
                event[0] = v;
                return null;
            }
            return store(v, new Pending(false, responseNanos, false, null));
        });
        if (event[0] != null) {
            matched(event[0].nanos(), responseNanos, event[0].counted(), event[0].listener());
        }
    }

    /**
     * The probe received the event for revision {@code revision} of {@code deploymentId} at
     * {@code eventNanos} (System.nanoTime). Only a {@code counted} event (one in the measured
     * window) goes into the histogram. When it is matched, now or later and possibly on
     * another thread, {@code listener} (may be null) receives the lag in microseconds as
     * measured, negative if the event came first.
     */
    void delivered(String deploymentId, long revision, long eventNanos, boolean counted, LongConsumer listener) {
        Pending[] response = new Pending[1];
        pending.compute(new Key(deploymentId, revision), (k, v) -> {
            if (v != null && !v.event()) {
                response[0] = v;
                return null;
            }
            return store(v, new Pending(true, eventNanos, counted, listener));
        });
        if (response[0] != null) {
            matched(eventNanos, response[0].nanos(), counted, listener);
        }
    }

    /**
     * What the map keeps for a key when {@code arrived} found no partner there ({@code current}
     * is null or the same side again, which replaces it): {@code arrived}, unless the map is full.
     */
    private Pending store(Pending current, Pending arrived) {
        if (current == null && pending.size() >= maxPending) {
            dropped.increment();
            return null;
        }
        return arrived;
    }

    private void matched(long eventNanos, long responseNanos, boolean counted, LongConsumer listener) {
        matched.increment();
        long micros = TimeUnit.NANOSECONDS.toMicros(eventNanos - responseNanos);
        if (counted) {
            synchronized (this) {
                if (eventNanos < responseNanos) {
                    eventBeforeResponse++;
                    lag.recordValue(0);
                } else {
                    lag.recordValue(Math.min(Histograms.HIGHEST_MICROS, micros));
                }
            }
        }
        if (listener != null) {
            listener.accept(micros);
        }
    }

    /** The figures so far; {@code seconds} is the length of the measured window. */
    Result result(double seconds) {
        Histogram copy;
        long before;
        synchronized (this) {
            copy = lag.copy();
            before = eventBeforeResponse;
        }
        return new Result(Histograms.Summary.of(copy, seconds, java.util.Map.of()), before, responses.sum(),
                matched.sum(), dropped.sum(), pending.size());
    }
}
