package io.shipwatch.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CommitLagTest {
    private static final long MS = 1_000_000L;

    @Test
    void responseThenEventRecordsTheDifference() {
        CommitLag c = new CommitLag();
        List<Long> seen = new ArrayList<>();
        c.responded("d1", 7, 100 * MS);
        c.delivered("d1", 7, 112 * MS + 344_000, true, seen::add);

        CommitLag.Result r = c.result(2.0);
        assertEquals(1, r.lag().count());
        assertMicros(12_344, r.lag().max());
        assertEquals("12.35", Histograms.ms(r.lag().p99Millis())); // the bucket's upper end at 3 significant digits
        assertEquals(0, r.eventBeforeResponse());
        assertEquals(List.of(12_344L), seen);
        assertEquals(1, r.responses());
        assertEquals(1, r.matched());
        assertEquals(0, r.pending());
    }

    @Test
    void eventBeforeResponseCountsAsZeroAndSeparately() {
        CommitLag c = new CommitLag();
        List<Long> seen = new ArrayList<>();
        c.delivered("d1", 3, 50 * MS, true, seen::add);
        assertEquals(List.of(), seen, "nothing to match yet");
        assertEquals(1, c.result(1).pending());
        c.responded("d1", 3, 52 * MS);

        CommitLag.Result r = c.result(1.0);
        assertEquals(1, r.lag().count());
        assertEquals(0, r.lag().max());
        assertEquals(1, r.eventBeforeResponse());
        assertEquals(List.of(-2_000L), seen, "the trace keeps the measured, negative difference");
        assertEquals(0, r.pending());
    }

    @Test
    void eventStoredFirstButReceivedAfterTheResponseIsAnOrdinaryLag() {
        // The client took its time stamp before the probe's, but the probe reached the map first.
        CommitLag c = new CommitLag();
        c.delivered("d1", 3, 55 * MS, true, null);
        c.responded("d1", 3, 52 * MS);

        CommitLag.Result r = c.result(1.0);
        assertEquals(1, r.lag().count());
        assertMicros(3_000, r.lag().max());
        assertEquals(0, r.eventBeforeResponse());
    }

    @Test
    void matchesByDeploymentAndRevisionOnly() {
        CommitLag c = new CommitLag();
        c.responded("d1", 1, 10 * MS);
        c.responded("d2", 1, 20 * MS);
        c.responded("d1", 2, 30 * MS);
        c.delivered("d1", 2, 31 * MS, true, null);
        c.delivered("d2", 1, 25 * MS, true, null);
        c.delivered("d3", 1, 40 * MS, true, null); // a creation: no RecordStatus response

        CommitLag.Result r = c.result(1.0);
        assertEquals(2, r.lag().count());
        assertMicros(1_000, r.lag().p50());
        assertMicros(5_000, r.lag().max());
        assertEquals(2, r.matched());
        assertEquals(2, r.pending(), "d1@1 (response) and d3@1 (event) wait");
    }

    @Test
    void uncountedEventsTakeTheirResponseOutWithoutBeingRecorded() {
        CommitLag c = new CommitLag();
        List<Long> seen = new ArrayList<>();
        c.responded("d1", 1, 10 * MS);
        c.delivered("d1", 1, 14 * MS, false, seen::add); // e.g. its occur_time lies in the warm-up
        c.delivered("d2", 1, 15 * MS, false, null);
        c.responded("d2", 1, 16 * MS);

        CommitLag.Result r = c.result(1.0);
        assertEquals(0, r.lag().count());
        assertEquals(0, r.eventBeforeResponse());
        assertEquals(2, r.matched());
        assertEquals(0, r.pending());
        assertEquals(List.of(4_000L), seen);
    }

    @Test
    void theMapIsCapped() {
        CommitLag c = new CommitLag(2);
        c.responded("d1", 1, MS);
        c.delivered("d9", 1, MS, true, null);
        c.responded("d2", 1, MS); // map full: dropped
        c.delivered("d2", 1, 2 * MS, true, null); // so this finds nothing, and is dropped too
        c.delivered("d1", 1, 3 * MS, true, null); // matching still works at the cap

        CommitLag.Result r = c.result(1.0);
        assertEquals(2, r.dropped());
        assertEquals(1, r.lag().count());
        assertMicros(2_000, r.lag().max());
        assertEquals(1, r.pending());
        assertThrows(IllegalArgumentException.class, () -> new CommitLag(0));
    }

    @Test
    void concurrentResponsesAndEventsAllMatch() throws Exception {
        CommitLag c = new CommitLag();
        int clients = 4;
        int perClient = 20_000;
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < clients; t++) {
            String id = "d" + t;
            threads.add(new Thread(() -> {
                await(go);
                for (int rev = 1; rev <= perClient; rev++) {
                    c.responded(id, rev, 1_000 * MS);
                }
            }));
        }
        threads.add(new Thread(() -> {
            await(go);
            for (int rev = 1; rev <= perClient; rev++) {
                for (int t = 0; t < clients; t++) {
                    c.delivered("d" + t, rev, 1_001 * MS, true, null);
                }
            }
        }));
        threads.forEach(Thread::start);
        go.countDown();
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(60));
        }

        CommitLag.Result r = c.result(1.0);
        assertEquals((long) clients * perClient, r.matched());
        assertEquals((long) clients * perClient, r.lag().count());
        assertEquals(0, r.pending());
        // Whichever side came first, the lag is the 1 ms between the two time stamps.
        assertMicros(1_000, r.lag().max());
        assertEquals(0, r.eventBeforeResponse());
    }

    /** Equal within the histogram's precision (3 significant digits). */
    static void assertMicros(long expected, long actual) {
        assertTrue(Math.abs(actual - expected) <= expected / 1000, () -> "expected ~" + expected + " µs but was " + actual);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
