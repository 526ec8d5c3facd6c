package io.shipwatch.audit.api;

import io.shipwatch.platform.errors.GrpcErrors;
import io.shipwatch.platform.grpc.ActiveStreams;
import io.shipwatch.platform.grpc.StreamSender;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs each export stream on its own worker thread, counted against the server's stream
 * limit: a send that waits for a slow client then blocks only that worker, never a gRPC
 * thread, and the stream's ready and cancel callbacks still arrive. The worker carries the
 * call's gRPC context (deadline, cancellation) and OpenTelemetry context (SQL spans join the
 * RPC's trace).
 */
@Singleton
public class ExportWorkers {
    private final ActiveStreams streams;
    private final GrpcErrors errors;
    private final AtomicInteger threads = new AtomicInteger();
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "export-" + threads.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    public ExportWorkers(ActiveStreams streams, GrpcErrors errors) {
        this.streams = streams;
        this.errors = errors;
    }

    /** The work of one stream; it sends through the sender and ends it. */
    @FunctionalInterface
    public interface Body {
        void run() throws Exception;
    }

    /** Starts the stream; throws RESOURCE_EXHAUSTED at once when too many are open. */
    public void start(StreamSender<?> sender, Body body) {
        ActiveStreams.Registration registration = streams.open(sender::fail);
        Runnable work = () -> {
            try (registration) {
                body.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                sender.fail(io.grpc.Status.UNAVAILABLE.withDescription("export interrupted; retry"));
            } catch (Exception e) {
                sender.fail(errors.toStatusException(e));
            }
        };
        workers.execute(io.grpc.Context.current().wrap(io.opentelemetry.context.Context.current().wrap(work)));
    }

    @PreDestroy
    void stop() {
        workers.shutdownNow();
    }
}
