package io.shipwatch.platform.events;

import io.grpc.CallCredentials;
import io.grpc.Channel;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.context.Scope;
import io.shipwatch.platform.db.Transactions;
import io.shipwatch.status.v1.DeploymentEvent;
import io.shipwatch.status.v1.StatusServiceGrpc;
import io.shipwatch.status.v1.StreamEventsRequest;
import io.shipwatch.status.v1.StreamEventsResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes status-service's event log into this service's database with exactly-once effect:
 * each batch is applied and the checkpoint advanced in ONE transaction, and the stream always
 * restarts from the committed checkpoint. Delivery is at least once, the effect exactly once.
 *
 * <p>One thread per consumer: take leadership (advisory lock), read the checkpoint, stream
 * from it, apply batches of whatever has arrived (up to the batch size, never waiting to fill
 * one), and on any failure drop the stream and start over after a jittered backoff.
 */
public final class EventConsumer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EventConsumer.class);
    private static final Duration POLL = Duration.ofMillis(500);

    private final String name;
    private final ConsumerSettings settings;
    private final Transactions tx;
    private final StatusServiceGrpc.StatusServiceStub stub;
    private final EventHandler handler;
    private final Leadership leadership;
    private final ConsumerTelemetry telemetry;
    private final Clock clock;
    private final CountDownLatch stop = new CountDownLatch(1);

    private volatile boolean running;
    private volatile Thread thread;
    private volatile EventFeed feed;
    private volatile long committed = -1;
    private volatile long head = -1;
    private volatile long heartbeatHead = -1;
    /** Failures since the last committed batch; sets the backoff. Consumer thread only. */
    private int failures;

    public EventConsumer(String name, ConsumerSettings settings, Transactions tx, DataSource lockSource,
                         Channel statusChannel, CallCredentials credentials, EventHandler handler,
                         OpenTelemetry otel, Clock clock) {
        this.name = name;
        this.settings = settings;
        this.tx = tx;
        StatusServiceGrpc.StatusServiceStub s = StatusServiceGrpc.newStub(statusChannel);
        this.stub = credentials == null ? s : s.withCallCredentials(credentials);
        this.handler = handler;
        this.leadership = new Leadership(lockSource, name);
        this.telemetry = new ConsumerTelemetry(otel, name, () -> Math.max(0, head - committed));
        this.clock = clock;
    }

    public String name() {
        return name;
    }

    /** Starts consuming in the background; does nothing when consumers are disabled. */
    public synchronized void start() {
        if (!settings.enabled()) {
            log.info("event consumer '{}' is disabled (shipwatch.consumer.enabled=false)", name);
            return;
        }
        if (thread != null) {
            return;
        }
        running = true;
        thread = new Thread(this::run, "event-consumer-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    public boolean leading() {
        return leadership.leading();
    }

    /** The checkpoint as last read or committed by this instance; -1 before it has led. */
    public long committedPosition() {
        return committed;
    }

    /** The highest position the stream has shown, from events or heartbeats; -1 before any. */
    public long headPosition() {
        return head;
    }

    /** True once a heartbeat (the server had nothing more to send) showed a head we have committed. */
    public boolean caughtUp() {
        return leading() && heartbeatHead >= 0 && committed >= heartbeatHead;
    }

    private void run() {
        while (running) {
            try {
                if (!leadership.tryAcquire()) {
                    pause(settings.standbyRetry());
                    continue;
                }
                committed = tx.write(c -> Checkpoints.read(c, name));
                log.info("event consumer '{}' leads; resuming after position {}", name, committed);
                consume();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (Exception e) {
                if (!running) {
                    break;
                }
                failures++;
                Duration wait = settings.backoff(failures, ThreadLocalRandom.current().nextDouble());
                log.warn("event consumer '{}' stopped at position {} ({}); retrying in {} ms",
                        name, committed, describe(e), wait.toMillis());
                if (!leadership.stillHeld()) {
                    leadership.close();
                }
                pauseQuietly(wait);
            }
        }
        leadership.close();
    }

    /** Streams and applies until failure or stop. */
    private void consume() throws Exception {
        EventFeed current = new EventFeed(settings.batchSize() * 2);
        feed = current;
        stub.streamEvents(StreamEventsRequest.newBuilder().setAfterPosition(committed).build(), current);
        long lastMessage = clock.millis();
        long lastLeaseCheck = clock.millis();
        long stall = settings.stallTimeout().toMillis();
        // Since when heartbeats have shown events past the checkpoint that did not arrive; 0 = not behind.
        long behindSince = 0;
        try {
            while (running) {
                List<StreamEventsResponse> messages = current.take(settings.batchSize(), POLL);
                long now = clock.millis();
                if (messages.isEmpty()) {
                    if (now - lastMessage > stall) {
                        throw new IllegalStateException("no event or heartbeat for " + stall + " ms");
                    }
                } else {
                    lastMessage = now;
                    List<DeploymentEvent> batch = eventsOf(messages);
                    if (!batch.isEmpty()) {
                        apply(batch);
                        failures = 0;
                        behindSince = 0;
                    } else if (heartbeatHead > committed && behindSince == 0) {
                        behindSince = now;
                    }
                    current.taken(messages.size());
                }
                // A stream that keeps saying "there is more" without delivering it is as dead as a silent one.
                if (behindSince != 0 && now - behindSince > stall) {
                    throw new IllegalStateException("heartbeats show head " + heartbeatHead + " but nothing past "
                            + committed + " arrived for " + stall + " ms");
                }
                if (now - lastLeaseCheck > 5_000) {
                    lastLeaseCheck = now;
                    if (!leadership.stillHeld()) {
                        throw new IllegalStateException("the leadership connection was lost");
                    }
                }
            }
        } finally {
            current.cancel();
        }
    }

    /** The new events among the messages, in order; heartbeats only move the known head. */
    private List<DeploymentEvent> eventsOf(List<StreamEventsResponse> messages) {
        List<DeploymentEvent> batch = new ArrayList<>(messages.size());
        long last = committed;
        for (StreamEventsResponse m : messages) {
            if (m.hasHeartbeat()) {
                heartbeatHead = m.getHeartbeat().getHeadPosition();
                head = Math.max(head, heartbeatHead);
            } else if (m.hasEvent() && m.getEvent().getPosition() > last) {
                last = m.getEvent().getPosition();
                batch.add(m.getEvent());
                head = Math.max(head, last);
            }
        }
        return batch;
    }

    private void apply(List<DeploymentEvent> batch) {
        long from = committed;
        long to = batch.get(batch.size() - 1).getPosition();
        ConsumerTelemetry.Batch spans = telemetry.batch(batch);
        try (Scope ignored = spans.current().makeCurrent()) {
            tx.write(c -> {
                handler.apply(c, List.copyOf(batch));
                Checkpoints.advance(c, name, from, to);
                return null;
            });
        } catch (RuntimeException e) {
            spans.failed(e);
            throw e;
        }
        committed = to;
        handler.committed();
        spans.committed(batch, clock.instant());
    }

    private void pause(Duration d) throws InterruptedException {
        stop.await(d.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void pauseQuietly(Duration d) {
        try {
            pause(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? e.toString() : e.getClass().getSimpleName() + ": " + root;
    }

    /** Stops consuming (a batch in flight commits or rolls back first) and gives up leadership. */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            running = false;
            stop.countDown();
            t = thread;
        }
        EventFeed f = feed;
        if (f != null) {
            f.cancel();
        }
        if (t != null) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(15));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (t.isAlive()) {
                t.interrupt();
            }
        }
        leadership.close();
        telemetry.close();
    }
}
