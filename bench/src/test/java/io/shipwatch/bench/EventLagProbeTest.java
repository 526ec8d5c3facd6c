package io.shipwatch.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.Timestamp;
import io.shipwatch.status.v1.Deployment;
import io.shipwatch.status.v1.DeploymentEvent;
import io.shipwatch.status.v1.EventType;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventLagProbeTest {
    private static final Instant T0 = Instant.parse("2026-11-26T08:00:00Z");
    private static final long MS = 1_000_000L;

    private static DeploymentEvent event(long position, String id, long revision, EventType type, Instant occur) {
        return DeploymentEvent.newBuilder()
                .setPosition(position)
                .setType(type)
                .setDeployment(Deployment.newBuilder().setId(id).setRevision(revision))
                .setOccurTime(Timestamp.newBuilder().setSeconds(occur.getEpochSecond()).setNanos(occur.getNano()))
                .build();
    }

    @Test
    void measuresBothLagsAndTracesThem() {
        CommitLag commits = new CommitLag();
        // No stub: the test feeds events directly and never opens a stream (so positions start after 0).
        EventLagProbe probe = new EventLagProbe(null, Duration.ofMinutes(1), commits, true);
        probe.windowStarts(EventLagProbe.micros(T0));
        probe.windowEnds(EventLagProbe.micros(T0.plusSeconds(10)));

        // Warm-up change: its response leaves the map, but neither lag counts it.
        commits.responded("a", 1, 100 * MS);
        probe.onEvent(event(1, "a", 1, EventType.EVENT_TYPE_STATUS_CHANGED, T0.minusMillis(5)), T0.plusMillis(1), 104 * MS);
        // Response 3 ms before the event; occur_time 20 ms before receipt.
        commits.responded("a", 2, 1_000 * MS);
        probe.onEvent(event(2, "a", 2, EventType.EVENT_TYPE_STATUS_CHANGED, T0.plusMillis(980)), T0.plusMillis(1_000),
                1_003 * MS);
        // A creation: no RecordStatus response, so only the occur_time lag counts it.
        probe.onEvent(event(3, "b", 1, EventType.EVENT_TYPE_DEPLOYMENT_CREATED, T0.plusMillis(1_500)),
                T0.plusMillis(1_510), 1_510 * MS);
        // The event overtakes its response by 0.5 ms: commit lag 0, counted apart; the trace keeps -500.
        probe.onEvent(event(4, "b", 2, EventType.EVENT_TYPE_STATUS_CHANGED, T0.plusMillis(1_990)), T0.plusMillis(2_000),
                2_000 * MS);
        commits.responded("b", 2, 2_000 * MS + 500_000);
        // A gap before position 6.
        commits.responded("a", 3, 3_000 * MS);
        probe.onEvent(event(6, "a", 3, EventType.EVENT_TYPE_STATUS_CHANGED, T0.plusMillis(2_976)), T0.plusMillis(3_040),
                3_040 * MS);

        EventLagProbe.Result r = probe.result();
        assertEquals(5, r.received());
        assertEquals(1, r.outsideWindow());
        assertEquals(1, r.gaps());
        assertEquals(4, r.lag().count());
        CommitLagTest.assertMicros(64_000, r.lag().max());
        assertEquals(3, r.commit().lag().count());
        CommitLagTest.assertMicros(40_000, r.commit().lag().max());
        assertEquals(1, r.commit().eventBeforeResponse());
        assertEquals(1, r.commit().pending(), "only the creation event waits");
        long t0 = EventLagProbe.micros(T0);
        assertEquals("""
                received_us,position,type,occur_us,lag_us,commit_lag_us
                %d,2,EVENT_TYPE_STATUS_CHANGED,%d,20000,3000
                %d,3,EVENT_TYPE_DEPLOYMENT_CREATED,%d,10000,
                %d,4,EVENT_TYPE_STATUS_CHANGED,%d,10000,-500
                %d,6,EVENT_TYPE_STATUS_CHANGED,%d,64000,40000
                """.formatted(t0 + 1_000_000, t0 + 980_000, t0 + 1_510_000, t0 + 1_500_000, t0 + 2_000_000,
                t0 + 1_990_000, t0 + 3_040_000, t0 + 2_976_000), probe.trace());
    }
}
