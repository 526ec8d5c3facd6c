package io.shipwatch.diagnostics.domain;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One RunDiagnostics session: starts the collectors of its depth in priority order on a shared
 * executor, analyses each collector's evidence on this thread the moment it arrives (so findings
 * leave while slower collectors still run), times out collectors individually and the session as
 * a whole, and stops every collector when the client goes away. A failed or timed-out collector
 * is reported and the session goes on with the rest.
 *
 * <p>Once container state and events are in, their fingerprint is looked up in the result cache:
 * an unchanged failure is answered from there and the remaining collectors are stopped.
 */
public final class DiagnosticSession {
    private static final Duration POLL = Duration.ofMillis(100);

    private final PatternLibrary library;
    private final Executor executor;
    private final ResultCache cache;
    private final SessionSettings settings;
    private final Ticker ticker;

    /** Monotonic time, replaceable in tests. */
    public interface Ticker {
        long nanos();
    }

    public DiagnosticSession(PatternLibrary library, Executor executor, ResultCache cache, SessionSettings settings,
                             Ticker ticker) {
        this.library = library;
        this.executor = executor;
        this.cache = cache;
        this.settings = settings;
        this.ticker = ticker;
    }

    /**
     * Runs the session; returns when every collector has ended (or was stopped).
     *
     * @param cancelled polled while waiting; true when the client has gone away
     */
    public SessionResult run(PlatformProvider provider, Workload workload, Depth depth, SessionListener listener,
                             BooleanSupplier cancelled) throws InterruptedException {
        long start = ticker.nanos();
        long sessionEnd = start + settings.deadline().toNanos();
        Analysis analysis = new Analysis(library);
        EvidenceFingerprint signature = new EvidenceFingerprint();
        signature.addKey(workload.key() + "/" + depth);
        BlockingQueue<Done> done = new LinkedBlockingQueue<>();
        Map<CollectorKind, Task> running = new EnumMap<>(CollectorKind.class);
        List<CollectorRun> runs = new ArrayList<>();
        for (CollectorKind kind : Arrays.stream(CollectorKind.values()).filter(k -> k.runsAt(depth)).toList()) {
            Task task = new Task(kind, provider, workload, done);
            running.put(kind, task);
            listener.collectorStarted(kind);
            executor.execute(task);
        }
        List<Finding> cached = null;
        boolean signatureChecked = false;
        while (!running.isEmpty()) {
            Done d = done.poll(POLL.toNanos(), TimeUnit.NANOSECONDS);
            long now = ticker.nanos();
            if (d != null && running.remove(d.kind) != null) {
                runs.add(deliver(d, analysis, signature, listener));
            }
            if (cancelled.getAsBoolean() || Thread.currentThread().isInterrupted()) {
                stopAll(running, runs, CollectorRun.Outcome.CANCELLED, "the client cancelled", now);
                break;
            }
            if (now >= sessionEnd) {
                stopAll(running, runs, CollectorRun.Outcome.TIMED_OUT,
                        "session deadline of " + settings.deadline().toSeconds() + "s passed", now, listener);
                break;
            }
            for (Task t : List.copyOf(running.values())) {
                if (t.startedAt != 0 && now - t.startedAt >= settings.collectorTimeout().toNanos()) {
                    running.remove(t.kind);
                    t.stop();
                    CollectorRun run = new CollectorRun(t.kind.id(), CollectorRun.Outcome.TIMED_OUT, elapsed(t, now), 0,
                            "timed out after " + settings.collectorTimeout().toMillis() + " ms");
                    runs.add(run);
                    listener.collectorFailed(t.kind, run);
                }
            }
            if (!signatureChecked && !running.containsKey(CollectorKind.CONTAINER_STATE)
                    && !running.containsKey(CollectorKind.EVENTS)) {
                signatureChecked = true;
                Optional<List<Finding>> hit = cache.get(signature.value());
                if (hit.isPresent()) {
                    cached = hit.get();
                    stopAll(running, runs, CollectorRun.Outcome.CANCELLED,
                            "not needed: the same failure was diagnosed within the hour", now);
                }
            }
        }
        String fingerprint = signature.value();
        if (cached != null) {
            return new SessionResult(cached, runs, analysis.evidenceCount(), fingerprint, true);
        }
        List<Finding> ranked = analysis.rank();
        boolean complete = runs.stream().allMatch(r -> r.outcome() == CollectorRun.Outcome.SUCCEEDED);
        if (complete) {
            cache.put(fingerprint, ranked);
        }
        return new SessionResult(ranked, runs, analysis.evidenceCount(), fingerprint, false);
    }

    private CollectorRun deliver(Done d, Analysis analysis, EvidenceFingerprint signature, SessionListener listener) {
        Duration took = Duration.ofNanos(d.endedAt - d.task.startedAt);
        if (d.failure != null) {
            CollectorRun run = new CollectorRun(d.kind.id(), CollectorRun.Outcome.FAILED, took, 0, describe(d.failure));
            listener.collectorFailed(d.kind, run);
            return run;
        }
        List<Evidence> evidence = d.evidence;
        boolean truncated = evidence.size() > settings.maxEvidencePerCollector();
        if (truncated) {
            evidence = evidence.subList(evidence.size() - settings.maxEvidencePerCollector(), evidence.size());
        }
        listener.evidence(d.kind, evidence.size(), samples(evidence), truncated);
        for (Evidence e : evidence) {
            if (d.kind == CollectorKind.CONTAINER_STATE || d.kind == CollectorKind.EVENTS) {
                signature.add(e);
            }
            for (Finding f : analysis.accept(e)) {
                listener.finding(f);
            }
        }
        return new CollectorRun(d.kind.id(), CollectorRun.Outcome.SUCCEEDED, took, evidence.size(), "");
    }

    /** Up to 5 items, the ones most likely to matter (non-log evidence first, then the last log lines). */
    private static List<Evidence> samples(List<Evidence> evidence) {
        List<Evidence> out = new ArrayList<>();
        for (Evidence e : evidence) {
            if (e.kind() != EvidenceKind.LOG_LINE && out.size() < 5) {
                out.add(e);
            }
        }
        for (int i = evidence.size() - 1; i >= 0 && out.size() < 5; i--) {
            if (evidence.get(i).kind() == EvidenceKind.LOG_LINE) {
                out.add(evidence.get(i));
            }
        }
        return out;
    }

    private void stopAll(Map<CollectorKind, Task> running, List<CollectorRun> runs, CollectorRun.Outcome outcome,
                         String detail, long now) {
        stopAll(running, runs, outcome, detail, now, null);
    }

    private void stopAll(Map<CollectorKind, Task> running, List<CollectorRun> runs, CollectorRun.Outcome outcome,
                         String detail, long now, SessionListener failures) {
        for (Task t : running.values()) {
            t.stop();
            CollectorRun run = new CollectorRun(t.kind.id(), outcome, elapsed(t, now), 0, detail);
            runs.add(run);
            if (failures != null) {
                failures.collectorFailed(t.kind, run);
            }
        }
        running.clear();
    }

    private static Duration elapsed(Task t, long now) {
        return t.startedAt == 0 ? Duration.ZERO : Duration.ofNanos(now - t.startedAt);
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage();
        String text = failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
        return Excerpts.cut(Redactor.redact(text));
    }

    /** What a collector task hands back. */
    private record Done(CollectorKind kind, Task task, List<Evidence> evidence, Throwable failure, long endedAt) {
    }

    /** One collector running on the shared executor; stop() interrupts it. */
    private final class Task implements Runnable {
        final CollectorKind kind;
        final PlatformProvider provider;
        final Workload workload;
        final BlockingQueue<Done> done;
        volatile long startedAt;
        private Thread thread;
        private boolean stopped;

        Task(CollectorKind kind, PlatformProvider provider, Workload workload, BlockingQueue<Done> done) {
            this.kind = kind;
            this.provider = provider;
            this.workload = workload;
            this.done = done;
        }

        @Override
        public void run() {
            synchronized (this) {
                if (stopped) {
                    return;
                }
                thread = Thread.currentThread();
                startedAt = ticker.nanos();
            }
            try {
                List<Evidence> evidence = provider.collect(kind, workload);
                done.add(new Done(kind, this, evidence, null, ticker.nanos()));
            } catch (Throwable e) {
                done.add(new Done(kind, this, List.of(), e, ticker.nanos()));
            } finally {
                synchronized (this) {
                    thread = null;
                    Thread.interrupted();
                }
            }
        }

        synchronized void stop() {
            stopped = true;
            if (thread != null) {
                thread.interrupt();
            }
        }
    }
}
