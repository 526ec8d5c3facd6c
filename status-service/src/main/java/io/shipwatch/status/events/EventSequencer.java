package io.shipwatch.status.events;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import io.shipwatch.status.store.EventStore;
import io.shipwatch.platform.db.Transactions;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives committed events their positions and tells local streams when the head moves.
 *
 * <p>A writer's sequence value follows insert order, not commit order, so a reader that
 * followed ids could pass an id whose transaction commits later and never see it. Instead
 * this single sequencer (one at a time across replicas, by advisory lock) numbers only rows
 * that are already committed, in batches; positions therefore follow commit order and never
 * skip. Local writers wake it right after commit; otherwise it polls, which also picks up
 * positions that another replica's sequencer assigned.
 */
@Context
public class EventSequencer {
    private static final Logger LOG = LoggerFactory.getLogger(EventSequencer.class);
    private static final int BATCH = 5000;

    private final Transactions tx;
    private final EventStore events;
    private final Duration pollInterval;
    private final Set<Runnable> listeners = ConcurrentHashMap.newKeySet();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition signal = lock.newCondition();
    private final Thread thread;
    private boolean signalled;
    private volatile long head;
    private volatile boolean running = true;

    public EventSequencer(Transactions tx, EventStore events,
                          @Value("${shipwatch.events.poll-interval:25ms}") Duration pollInterval) {
        this.tx = tx;
        this.events = events;
        this.pollInterval = pollInterval;
        this.head = tx.read(events::head);
        this.thread = new Thread(this::run, "event-sequencer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** The highest position known on this replica. */
    public long head() {
        return head;
    }

    /** Called after a local commit that appended events. */
    public void wake() {
        lock.lock();
        try {
            signalled = true;
            signal.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Registers a callback run whenever the head moves; returns a handle that removes it. */
    public AutoCloseable onHeadMoved(Runnable listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    private void run() {
        long failures = 0;
        boolean woken = true;
        String floor = EventStore.Sequenced.FIRST_FLOOR;
        while (running) {
            try {
                long newHead;
                String from = floor;
                // Woken by a local commit: there is work. Otherwise check cheaply before locking.
                if (woken || tx.read(c -> events.hasUnsequenced(c, from))) {
                    EventStore.Sequenced done = tx.write(c -> events.sequence(c, BATCH, from));
                    newHead = done.head();
                    floor = done.floor();
                } else {
                    newHead = tx.read(events::head);
                }
                failures = 0;
                if (newHead != head) {
                    head = newHead;
                    listeners.forEach(Runnable::run);
                    woken = true;
                    continue;
                }
                woken = awaitSignal(pollInterval);
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                failures++;
                LOG.warn("event sequencing failed ({} in a row); retrying", failures, e);
                sleep(Duration.ofMillis(Math.min(5000, 50L << Math.min(failures, 6))));
            }
        }
    }

    /** Waits for a local commit or the poll interval; returns whether a commit signalled. */
    private boolean awaitSignal(Duration timeout) {
        lock.lock();
        try {
            if (!signalled) {
                signal.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
            }
            boolean woken = signalled;
            signalled = false;
            return woken;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
            return false;
        } finally {
            lock.unlock();
        }
    }

    private void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @PreDestroy
    void stop() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(5000);
    }
}
