package io.shipwatch.status.events;

import io.shipwatch.platform.grpc.StreamSender;
import io.shipwatch.platform.grpc.StreamWorkers;
import io.shipwatch.status.api.ProtoMapper;
import io.shipwatch.status.domain.Deployment;
import io.shipwatch.status.store.DeploymentReads;
import io.shipwatch.status.store.EventStore;
import io.shipwatch.platform.db.Transactions;
import io.shipwatch.status.v1.WatchDeploymentResponse;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * Serves WatchDeployment from the event log: the deployment as it is, then the snapshot
 * carried by each later event of that deployment, so no intermediate change is skipped even
 * when several happen between two wake-ups. Ends after a terminal state.
 */
@Singleton
public class DeploymentWatches {
    private static final Duration IDLE_CHECK = Duration.ofSeconds(5);

    private final Transactions tx;
    private final EventStore events;
    private final DeploymentReads reads;
    private final EventSequencer sequencer;
    private final StreamWorkers workers;

    public DeploymentWatches(Transactions tx, EventStore events, DeploymentReads reads, EventSequencer sequencer,
                             StreamWorkers workers) {
        this.tx = tx;
        this.events = events;
        this.reads = reads;
        this.sequencer = sequencer;
        this.workers = workers;
    }

    /** Validates existence synchronously (NOT_FOUND before the stream starts), then watches. */
    public void watch(UUID id, StreamSender<WatchDeploymentResponse> sender) {
        // The head is read before the deployment: every change after this snapshot has a later position.
        long start = tx.read(events::head);
        Deployment current = reads.get(id);
        workers.start(sender, () -> follow(id, start, current, sender), sequencer.onHeadMoved(sender::wake));
    }

    private void follow(UUID id, long start, Deployment initial, StreamSender<WatchDeploymentResponse> sender)
            throws InterruptedException {
        if (!sender.send(response(ProtoMapper.toProto(initial)))) {
            return;
        }
        long cursor = start;
        long revision = initial.revision();
        boolean done = initial.state().isTerminal();
        while (!done && sender.isOpen()) {
            long head = sequencer.head();
            if (head > cursor) {
                long from = cursor;
                List<EventStore.StoredEvent> batch = tx.read(c -> events.readAfter(c, id, from, EventStreams.BATCH));
                for (EventStore.StoredEvent e : batch) {
                    io.shipwatch.status.v1.Deployment snapshot = EventCodec.decode(e.position(), e.payload()).getDeployment();
                    cursor = e.position();
                    if (snapshot.getRevision() <= revision) {
                        continue;
                    }
                    revision = snapshot.getRevision();
                    if (!sender.send(response(snapshot))) {
                        return;
                    }
                    if (ProtoMapper.fromProto(snapshot.getState()).isTerminal()) {
                        done = true;
                        break;
                    }
                }
                if (batch.size() == EventStreams.BATCH) {
                    continue;
                }
                // Every position up to the head read before the query was visible to it.
                cursor = Math.max(cursor, head);
            }
            if (!done) {
                sender.await(IDLE_CHECK);
            }
        }
        if (done) {
            sender.complete();
        }
    }

    private static WatchDeploymentResponse response(io.shipwatch.status.v1.Deployment d) {
        return WatchDeploymentResponse.newBuilder().setDeployment(d).build();
    }

}
