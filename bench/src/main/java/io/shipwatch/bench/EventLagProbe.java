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
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.HdrHistogram.Histogram;

/**
 * Tails StreamEvents and measures, for every event whose occur_time falls inside the measured
 * window, lag = (wall-clock time the client received it) − occur_time. Client and server run
 * on the same machine, so they share one clock. It also checks that positions arrive
 * gap-free and in order.
 */
final class EventLagProbe implements AutoCloseable {
    private static final int MAX_RECONNECTS = 5;

    private final StatusServiceStub stub;
    private final Duration lifetime;
    private final Histogram lag = Histograms.newHistogram();
    private final Map<String, Long> inWindowByType = new TreeMap<>();
    private final StringBuilder trace;
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

    /** What the probe saw; lag figures in microseconds. */
    record Result(Histograms.Summary lag, long received, long gaps, long outsideWindow, long negative, int reconnects,
                  String lastError, Map<String, Long> inWindowByType) {
    }

    /** With {@code trace}, every measured event is also kept as a CSV line for {@link #trace()}. */
    EventLagProbe(StatusServiceStub stub, Duration lifetime, boolean trace) {
        this.stub = stub;
        this.lifetime = lifetime;
        this.trace = trace ? new StringBuilder("received_us,position,type,occur_us,lag_us\n") : null;
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
        return new Result(Histograms.Summary.of(lag.copy(), seconds, Map.of()), received, gaps, outsideWindow, negative,
                reconnects, lastError, new TreeMap<>(inWindowByType));
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
                            onEvent(r.getEvent(), Instant.now());
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

    private synchronized void onEvent(DeploymentEvent e, Instant now) {
        lastEventNanos = System.nanoTime();
        received++;
        if (e.getPosition() != lastPosition + 1) {
            gaps++;
        }
        lastPosition = Math.max(lastPosition, e.getPosition());
        long occur = micros(e.getOccurTime());
        if (occur < windowStartMicros || occur > windowEndMicros) {
            outsideWindow++;
            return;
        }
        long lagMicros = micros(now) - occur;
        if (lagMicros < 0) {
            negative++;
        }
        lag.recordValue(Histograms.clampMicros(lagMicros));
        inWindowByType.merge(e.getType().name(), 1L, Long::sum);
        if (trace != null) {
            trace.append(micros(now)).append(',').append(e.getPosition()).append(',').append(e.getType().name())
                    .append(',').append(occur).append(',').append(lagMicros).append('\n');
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

    /** The measured events as CSV (received, position, type, occur_time, lag; microseconds), or null. */
    synchronized String trace() {
        return trace == null ? null : trace.toString();
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
