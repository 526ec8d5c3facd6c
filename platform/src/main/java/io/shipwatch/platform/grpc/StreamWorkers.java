package io.shipwatch.platform.grpc;

import io.grpc.Status;
import io.shipwatch.platform.errors.GrpcErrors;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs each server stream on a worker thread of its own, so a stream may block (on flow
 * control, on the database, on a collector) without holding a gRPC transport thread. Every
 * stream is counted by {@link ActiveStreams} and ended with the mapped status if its work fails.
 */
@Singleton
public class StreamWorkers {
    private final ActiveStreams streams;
    private final GrpcErrors errors;
    private final AtomicInteger threads = new AtomicInteger();
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "stream-" + threads.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    public StreamWorkers(ActiveStreams streams, GrpcErrors errors) {
        this.streams = streams;
        this.errors = errors;
    }

    /** The work of one stream: it sends through its sender and returns when the stream is done. */
    @FunctionalInterface
    public interface Body {
        void run() throws Exception;
    }

    /**
     * Starts the stream, or throws RESOURCE_EXHAUSTED at once when too many are open. The body
     * runs with the caller's gRPC context (so its cancellation and deadline reach the work) and
     * trace context. {@code held} (a session permit, a listener registration) is closed when the
     * stream ends, or at once if it cannot start.
     */
    public void start(StreamSender<?> sender, Body body, AutoCloseable... held) {
        ActiveStreams.Registration registration;
        try {
            registration = streams.open(sender::fail);
        } catch (RuntimeException e) {
            closeAll(held);
            throw e;
        }
        Runnable work = () -> {
            try (registration) {
                body.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                sender.fail(Status.UNAVAILABLE.withDescription("the server is stopping; retry"));
            } catch (Exception e) {
                sender.fail(errors.toStatusException(e));
            } finally {
                closeAll(held);
            }
        };
        workers.execute(io.grpc.Context.current().wrap(io.opentelemetry.context.Context.current().wrap(work)));
    }

    private static void closeAll(AutoCloseable[] held) {
        for (AutoCloseable c : held) {
            try {
                c.close();
            } catch (Exception ignored) {
                // Releasing a permit or a listener does not fail in a way the stream could act on.
            }
        }
    }

    @PreDestroy
    void stop() {
        workers.shutdownNow();
    }
}
