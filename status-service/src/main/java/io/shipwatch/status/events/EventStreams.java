package io.shipwatch.status.events;

import io.micronaut.context.annotation.Value;
import io.shipwatch.platform.grpc.StreamSender;
import io.shipwatch.platform.grpc.StreamWorkers;
import io.shipwatch.status.api.ProtoMapper;
import io.shipwatch.status.store.EventStore;
import io.shipwatch.platform.db.Transactions;
import io.shipwatch.status.v1.Heartbeat;
import io.shipwatch.status.v1.StreamEventsResponse;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Serves StreamEvents: the log from a position, in batches, then live as the head moves,
 * with a heartbeat when idle. Each stream has its own worker ({@link StreamWorkers});
 * flow control holds a slow consumer back without buffering.
 */
@Singleton
public class EventStreams {
    static final int BATCH = 500;

    private final Transactions tx;
    private final EventStore events;
    private final EventSequencer sequencer;
    private final StreamWorkers workers;
    private final Clock clock;
    private final Duration heartbeat;

    public EventStreams(Transactions tx, EventStore events, EventSequencer sequencer, StreamWorkers workers, Clock clock,
                        @Value("${shipwatch.events.heartbeat-interval:5s}") Duration heartbeat) {
        this.tx = tx;
        this.events = events;
        this.sequencer = sequencer;
        this.workers = workers;
        this.clock = clock;
        this.heartbeat = heartbeat;
    }

    /** Starts streaming after {@code position}; returns at once, a worker does the sending. */
    public void stream(long position, StreamSender<StreamEventsResponse> sender) {
        workers.start(sender, () -> tail(position, sender), sequencer.onHeadMoved(sender::wake));
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

}
