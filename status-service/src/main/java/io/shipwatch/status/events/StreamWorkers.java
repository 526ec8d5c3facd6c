package io.shipwatch.status.events;

import io.shipwatch.platform.errors.GrpcErrors;
import io.shipwatch.platform.grpc.ActiveStreams;
import io.shipwatch.platform.grpc.StreamSender;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the body of a long-lived server stream on its own worker: counted against the
 * stream limit, woken whenever the event log's head moves, and ended with the mapped error
 * if the body fails.
 */
@Singleton
public class StreamWorkers {
    private final ActiveStreams streams;
    private final EventSequencer sequencer;
    private final GrpcErrors errors;
    private final AtomicInteger threads = new AtomicInteger();
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "stream-" + threads.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    public StreamWorkers(ActiveStreams streams, EventSequencer sequencer, GrpcErrors errors) {
        this.streams = streams;
        this.sequencer = sequencer;
        this.errors = errors;
    }

    /** The work of one stream; it sends through the sender and returns when the stream is done. */
    @FunctionalInterface
    public interface Body {
        void run() throws InterruptedException;
    }

    /** Starts the stream; throws RESOURCE_EXHAUSTED at once when too many are open. */
    public void start(StreamSender<?> sender, Body body) {
        ActiveStreams.Registration registration = streams.open(sender::fail);
        workers.execute(() -> {
            try (registration; AutoCloseable ignored = sequencer.onHeadMoved(sender::wake)) {
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
