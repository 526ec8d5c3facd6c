package io.shipwatch.bench;

import com.google.protobuf.Timestamp;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.shipwatch.status.v1.DeploymentEvent;
import io.shipwatch.status.v1.StatusServiceGrpc.StatusServiceStub;
import io.shipwatch.status.v1.StreamEventsRequest;
import io.shipwatch.status.v1.StreamEventsResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.HdrHistogram.Histogram;

/**
 * Tails StreamEvents and measures, for every event whose occur_time falls inside the measured
 * window, two lags:
 * <ul>
 *   <li>from occur_time: (wall-clock time the client received it) − occur_time. Client and
 *       server run on the same machine, so they share one clock. The server stamps occur_time
 *       inside the transaction, before its writes and the commit, so this includes part of the
 *       write itself;</li>
 *   <li>commit → delivered ({@link CommitLag}): (nanoTime the client received it) − (nanoTime
 *       the RecordStatus client received the response for the same change), for the events
 *       that have such a response.</li>
 * </ul>
 * It also checks that positions arrive gap-free and in order.
 */
final class EventLagProbe implements AutoCloseable {
    private static final int MAX_RECONNECTS = 5;

    private final StatusServiceStub stub;
    private final Duration lifetime;
    private final Histogram lag = Histograms.newHistogram();
    private final Map<String, Long> inWindowByType = new TreeMap<>();
    private final CommitLag commits;
    private final List<TraceRow> trace;
    private volatile long windowStartMicros = Long.MAX_VALUE;
    private volatile long windowEndMicros = Long.MAX_VALUE;
    private volatile long lastEventNanos = System.nanoTime();
    private volatile boolean closed;
    private volatile ClientCallStreamObserver<StreamEventsRequest> call;
    private long lastPosition;
    private long received;
    private long gaps;
    private long outsideWindow;
    private long negative;
    private int reconnects;
    private String lastError = "";

    /** What the probe saw; lag figures in microseconds ({@code lag}: from occur_time, {@code commit}: commit → delivered). */
    record Result(Histograms.Summary lag, CommitLag.Result commit, long received, long gaps, long outsideWindow,
                  long negative, int reconnects, String lastError, Map<String, Long> inWindowByType) {
    }

    /** One measured event of the trace; commitLagMicros is filled in when (and if) its response is matched. */
    private static final class TraceRow {
        static final long UNMATCHED = Long.MIN_VALUE;
        final long receivedMicros;
        final long position;
        final String type;
        final long occurMicros;
        final long lagMicros;
        volatile long commitLagMicros = UNMATCHED;

        TraceRow(long receivedMicros, long position, String type, long occurMicros, long lagMicros) {
            this.receivedMicros = receivedMicros;
            this.position = position;
            this.type = type;
            this.occurMicros = occurMicros;
            this.lagMicros = lagMicros;
        }
    }

    /**
     * {@code commits} is shared with the RecordStatus clients, which report their responses to it.
     * With {@code trace}, every measured event is also kept for {@link #trace()}.
     */
    EventLagProbe(StatusServiceStub stub, Duration lifetime, CommitLag commits, boolean trace) {
        this.stub = stub;
        this.lifetime = lifetime;
        this.commits = commits;
        this.trace = trace ? new ArrayList<>() : null;
    }

    /**
     * The log's head: opens a stream far beyond any position, so the server has nothing to send
     * and answers with a heartbeat (after its heartbeat interval, 5 s by default) that carries
     * head_position.
     */
    static long discoverHead(StatusServiceStub stub, Duration timeout) throws InterruptedException, TimeoutException {
        CompletableFuture<Long> head = new CompletableFuture<>();
        ClientCallStreamObserver<?>[] holder = new ClientCallStreamObserver<?>[1];
        stub.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS).streamEvents(
                StreamEventsRequest.newBuilder().setAfterPosition(Long.MAX_VALUE / 4).build(),
                new ClientResponseObserver<StreamEventsRequest, StreamEventsResponse>() {
                    @Override
                    public void beforeStart(ClientCallStreamObserver<StreamEventsRequest> requestStream) {
                        holder[0] = requestStream;
                    }

                    @Override
                    public void onNext(StreamEventsResponse r) {
                        if (r.hasHeartbeat()) {
                            head.complete(r.getHeartbeat().getHeadPosition());
                        }
                    }

                    @Override
                    public void onError(Throwable t) {
                        head.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {
                        head.completeExceptionally(new IllegalStateException("StreamEvents ended without a heartbeat"));
                    }
                });
        try {
            return head.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not read the event log head: " + e.getCause(), e.getCause());
        } finally {
            if (holder[0] != null) {
                holder[0].cancel("head known", null);
            }
        }
    }

    /** Starts tailing after {@code position}. */
    void start(long position) {
        synchronized (this) {
            lastPosition = position;
        }
        open(position);
    }

    /** Events whose occur_time is at or after this (epoch microseconds) and not after the end are measured. */
    void windowStarts(long startMicros) {
        windowStartMicros = startMicros;
    }

    void windowEnds(long endMicros) {
        windowEndMicros = endMicros;
    }

    /** Waits until no event arrived for {@code quiet}, at most {@code max}. */
    void drain(Duration quiet, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline && System.nanoTime() - lastEventNanos < quiet.toNanos()) {
            Thread.sleep(20);
        }
    }

    synchronized Result result() {
        double seconds = windowEndMicros == Long.MAX_VALUE || windowStartMicros == Long.MAX_VALUE ? 0
                : (windowEndMicros - windowStartMicros) / 1e6;
        return new Result(Histograms.Summary.of(lag.copy(), seconds, Map.of()), commits.result(seconds), received, gaps,
                outsideWindow, negative, reconnects, lastError, new TreeMap<>(inWindowByType));
    }

    private void open(long after) {
        stub.withDeadlineAfter(lifetime.toMillis(), TimeUnit.MILLISECONDS).streamEvents(
                StreamEventsRequest.newBuilder().setAfterPosition(after).build(),
                new ClientResponseObserver<StreamEventsRequest, StreamEventsResponse>() {
                    @Override
                    public void beforeStart(ClientCallStreamObserver<StreamEventsRequest> requestStream) {
                        call = requestStream;
                    }

                    @Override
                    public void onNext(StreamEventsResponse r) {
                        if (r.hasEvent()) {
                            long nanos = System.nanoTime();
                            onEvent(r.getEvent(), Instant.now(), nanos);
                        }
                    }

                    @Override
                    public void onError(Throwable t) {
                        ended(t);
                    }

                    @Override
                    public void onCompleted() {
                        ended(null);
                    }
                });
    }

    /** One event, received at wall-clock {@code now} and at {@code nowNanos} (System.nanoTime). */
    synchronized void onEvent(DeploymentEvent e, Instant now, long nowNanos) {
        lastEventNanos = nowNanos;
        received++;
        if (e.getPosition() != lastPosition + 1) {
            gaps++;
        }
        lastPosition = Math.max(lastPosition, e.getPosition());
        long occur = micros(e.getOccurTime());
        boolean inWindow = occur >= windowStartMicros && occur <= windowEndMicros;
        TraceRow row = null;
        if (!inWindow) {
            outsideWindow++;
        } else {
            long lagMicros = micros(now) - occur;
            if (lagMicros < 0) {
                negative++;
            }
            lag.recordValue(Histograms.clampMicros(lagMicros));
            inWindowByType.merge(e.getType().name(), 1L, Long::sum);
            if (trace != null) {
                row = new TraceRow(micros(now), e.getPosition(), e.getType().name(), occur, lagMicros);
                trace.add(row);
            }
        }
        // Also out-of-window events, so their responses leave the map; only in-window ones are counted.
        if (e.hasDeployment()) {
            TraceRow r = row;
            commits.delivered(e.getDeployment().getId(), e.getDeployment().getRevision(), nowNanos, inWindow,
                    r == null ? null : micros -> r.commitLagMicros = micros);
        }
    }

    private void ended(Throwable t) {
        if (closed) {
            return;
        }
        long resumeAt;
        synchronized (this) {
            lastError = t == null ? "stream completed by the server" : Status.fromThrowable(t).toString();
            if (++reconnects > MAX_RECONNECTS) {
                System.err.println("event probe: giving up after " + MAX_RECONNECTS + " reconnects: " + lastError);
                return;
            }
            resumeAt = lastPosition;
        }
        System.err.println("event probe: stream ended (" + lastError + "); resuming after position " + resumeAt);
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (!closed) {
            open(resumeAt);
        }
    }

    /**
     * The measured events as CSV, or null: received (wall clock), position, type, occur_time,
     * lag from occur_time, and commit → delivered lag (empty when no RecordStatus response was
     * matched, negative when the event arrived before the response); microseconds.
     */
    synchronized String trace() {
        if (trace == null) {
            return null;
        }
        StringBuilder b = new StringBuilder("received_us,position,type,occur_us,lag_us,commit_lag_us\n");
        for (TraceRow r : trace) {
            b.append(r.receivedMicros).append(',').append(r.position).append(',').append(r.type).append(',')
                    .append(r.occurMicros).append(',').append(r.lagMicros).append(',');
            long commit = r.commitLagMicros;
            if (commit != TraceRow.UNMATCHED) {
                b.append(commit);
            }
            b.append('\n');
        }
        return b.toString();
    }

    static long micros(Timestamp t) {
        return t.getSeconds() * 1_000_000L + t.getNanos() / 1_000;
    }

    static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
    }

    @Override
    public void close() {
        closed = true;
        ClientCallStreamObserver<StreamEventsRequest> c = call;
        if (c != null) {
            c.cancel("benchmark finished", null);
        }
    }
}
