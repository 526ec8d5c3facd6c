package io.shipwatch.diagnostics.api;

import io.shipwatch.platform.errors.GrpcErrors;
import io.shipwatch.platform.grpc.ActiveStreams;
import io.shipwatch.platform.grpc.StreamSender;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the body of one diagnosis stream on its own worker thread: it holds a session slot and a
 * stream registration (ended on shutdown) for its whole life, and ends the stream with the
 * mapped error if the body fails. The number of workers is bounded by the session limit.
 */
@Singleton
public class SessionWorkers {
    private final ActiveStreams streams;
    private final SessionLimit limit;
    private final GrpcErrors errors;
    private final AtomicInteger threads = new AtomicInteger();
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "session-" + threads.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    public SessionWorkers(ActiveStreams streams, SessionLimit limit, GrpcErrors errors) {
        this.streams = streams;
        this.limit = limit;
        this.errors = errors;
    }

    /** The work of one session; returns when the stream is done. */
    @FunctionalInterface
    public interface Body {
        void run() throws Exception;
    }

    /** Takes a session slot (RESOURCE_EXHAUSTED at once when none is free) and starts the body. */
    public void start(StreamSender<?> sender, Body body) {
        SessionLimit.Permit permit = limit.acquire();
        ActiveStreams.Registration registration;
        try {
            registration = streams.open(sender::fail);
        } catch (RuntimeException e) {
            permit.close();
            throw e;
        }
        workers.execute(() -> {
            try (permit; registration) {
                body.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                sender.fail(errors.toStatusException(e));
            }
        });
    }

    @PreDestroy
    void stop() {
        workers.shutdownNow();
    }
}
