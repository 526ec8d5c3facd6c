package io.shipwatch.bench;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

/**
 * N client threads, each calling its operation back to back (a closed loop: at most one call
 * in flight per client) for a warm-up and then a measured window. Only calls that complete
 * inside the window count; latency is one call's round trip as the client sees it.
 */
final class ClosedLoop {
    /** One client's work. {@link #prepare} is not timed (e.g. starting a new deployment). */
    interface Client {
        default void prepare() throws Exception {
        }

        void call() throws Exception;

        /** Told about a failed call, so the client can recover (e.g. start a new deployment). */
        default void failed(StatusRuntimeException e) {
        }
    }

    /** Hooks run on the driver thread at the edges of the measured window. */
    interface Window {
        /** After the warm-up, before the window starts; the clients keep running meanwhile. */
        default void warmedUp() {
        }

        default void started() {
        }

        default void ended() {
        }
    }

    private ClosedLoop() {
    }

    static Histograms.Summary run(String name, int clients, IntFunction<Client> factory, Duration warmup, Duration measure,
                                  Window window) throws InterruptedException {
        Histograms.PhaseRecorder recorder = new Histograms.PhaseRecorder();
        AtomicReference<Throwable> crash = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        List<Client> made = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            made.add(factory.apply(i));
        }
        StopFlag stop = new StopFlag();
        for (int i = 0; i < clients; i++) {
            Client client = made.get(i);
            Thread t = new Thread(() -> loop(client, recorder, stop, crash), name + "-client-" + i);
            t.setDaemon(true);
            threads.add(t);
        }
        threads.forEach(Thread::start);
        Histograms.Summary summary;
        try {
            sleepUnlessCrashed(warmup, crash);
            window.warmedUp();
            recorder.startMeasuring();
            window.started();
            sleepUnlessCrashed(measure, crash);
            summary = recorder.stopMeasuring();
            window.ended();
        } finally {
            stop.stop = true;
            for (Thread t : threads) {
                t.join(30_000);
            }
        }
        if (crash.get() != null) {
            throw new IllegalStateException(name + ": a client failed outside a gRPC call", crash.get());
        }
        System.err.printf("%s: warm-up %d calls (%d errors), measured %d calls in %.1f s (%d errors)%n", name,
                recorder.warmupCalls(), recorder.warmupErrors(), summary.count(), summary.seconds(), summary.errorCount());
        return summary;
    }

    private static void loop(Client client, Histograms.PhaseRecorder recorder, StopFlag stop, AtomicReference<Throwable> crash) {
        while (!stop.stop) {
            try {
                client.prepare();
                long t0 = System.nanoTime();
                client.call();
                recorder.record(System.nanoTime() - t0);
            } catch (StatusRuntimeException e) {
                recorder.error(errorKind(e));
                client.failed(e);
                pause(e);
            } catch (Throwable t) {
                crash.compareAndSet(null, t);
                return;
            }
        }
    }

    /** How a failure is counted in the report: its gRPC status code. */
    static String errorKind(StatusRuntimeException e) {
        return e.getStatus().getCode().name();
    }

    /** A failing server answers at once; back off a little so an outage is not a busy loop. */
    private static void pause(StatusRuntimeException e) {
        if (e.getStatus().getCode() == Status.Code.DEADLINE_EXCEEDED) {
            return;
        }
        try {
            Thread.sleep(5);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleepUnlessCrashed(Duration d, AtomicReference<Throwable> crash) throws InterruptedException {
        long end = System.nanoTime() + d.toNanos();
        while (crash.get() == null) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                return;
            }
            Thread.sleep(Math.min(100, Math.max(1, left / 1_000_000)));
        }
    }

    private static final class StopFlag {
        volatile boolean stop;
    }
}
