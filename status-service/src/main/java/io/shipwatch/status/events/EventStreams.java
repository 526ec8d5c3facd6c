package io.shipwatch.status.events;

import io.micronaut.context.annotation.Value;
import io.shipwatch.platform.errors.GrpcErrors;
import io.shipwatch.platform.grpc.ActiveStreams;
import io.shipwatch.platform.grpc.StreamSender;
import io.shipwatch.status.api.ProtoMapper;
import io.shipwatch.status.store.EventStore;
import io.shipwatch.status.store.Transactions;
import io.shipwatch.status.v1.Heartbeat;
import io.shipwatch.status.v1.StreamEventsResponse;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Serves StreamEvents: the log from a position, in batches, then live as the head moves,
 * with a heartbeat when idle. Each stream has its own worker thread and is bounded by
 * {@link ActiveStreams}; flow control holds a slow consumer back without buffering.
 */
@Singleton
public class EventStreams {
    static final int BATCH = 500;

    private final Transactions tx;
    private final EventStore events;
    private final EventSequencer sequencer;
    private final ActiveStreams streams;
    private final GrpcErrors errors;
    private final Clock clock;
    private final Duration heartbeat;
    private final ExecutorService workers = Executors.newCachedThreadPool(new Named("event-stream"));

    public EventStreams(Transactions tx, EventStore events, EventSequencer sequencer, ActiveStreams streams,
                        GrpcErrors errors, Clock clock,
                        @Value("${shipwatch.events.heartbeat-interval:5s}") Duration heartbeat) {
        this.tx = tx;
        this.events = events;
        this.sequencer = sequencer;
        this.streams = streams;
        this.errors = errors;
        this.clock = clock;
        this.heartbeat = heartbeat;
    }

    /** Starts streaming after {@code position}; returns at once, the worker does the sending. */
    public void stream(long position, StreamSender<StreamEventsResponse> sender) {
        ActiveStreams.Registration registration = streams.open(sender::fail);
        workers.execute(() -> {
            try (registration; AutoCloseable ignored = sequencer.onHeadMoved(sender::wake)) {
                tail(position, sender);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                sender.fail(errors.toStatusException(e));
            }
        });
    }

    private void tail(long after, StreamSender<StreamEventsResponse> sender) throws InterruptedException {
        long cursor = after;
        long lastSent = System.nanoTime();
        while (sender.isOpen()) {
            if (sequencer.head() > cursor) {
                long from = cursor;
                List<EventStore.StoredEvent> batch = tx.read(c -> events.readAfter(c, from, BATCH));
                for (EventStore.StoredEvent e : batch) {
                    if (!sender.send(StreamEventsResponse.newBuilder().setEvent(EventCodec.decode(e.position(), e.payload())).build())) {
                        return;
                    }
                    cursor = e.position();
                }
                lastSent = System.nanoTime();
                if (!batch.isEmpty()) {
                    continue;
                }
            }
            long idle = System.nanoTime() - lastSent;
            if (idle >= heartbeat.toNanos()) {
                sender.send(StreamEventsResponse.newBuilder().setHeartbeat(Heartbeat.newBuilder()
                        .setHeadPosition(sequencer.head()).setTime(ProtoMapper.timestamp(clock.instant()))).build());
                lastSent = System.nanoTime();
                continue;
            }
            sender.await(Duration.ofNanos(heartbeat.toNanos() - idle));
        }
    }

    @PreDestroy
    void stop() {
        workers.shutdownNow();
    }

    /** Names worker threads so thread dumps say what they are. */
    static final class Named implements java.util.concurrent.ThreadFactory {
        private final String prefix;
        private final AtomicInteger n = new AtomicInteger();

        Named(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    }
}
