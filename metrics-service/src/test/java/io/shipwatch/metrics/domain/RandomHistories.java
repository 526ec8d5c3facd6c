package io.shipwatch.metrics.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Random deployment histories that follow status-service's state machine, over a few services,
 * two environments and a few weeks, and their events delivered late, twice and out of order.
 */
public final class RandomHistories {
    public static final Instant EPOCH = Instant.parse("2026-03-02T00:00:00Z");
    static final List<String> SERVICES = List.of("checkout", "cart", "search");
    static final List<String> ENVIRONMENTS = List.of("production", "staging");

    private RandomHistories() {
    }

    public static List<History> generate(Random r, int count) {
        List<History> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String env = ENVIRONMENTS.get(r.nextInt(ENVIRONMENTS.size()));
            Instant created = EPOCH.plus(Duration.ofMinutes(r.nextInt(60 * 24 * 21)));
            Instant commit = r.nextInt(5) == 0 ? null : created.minus(Duration.ofMinutes(r.nextInt(60 * 24 * 10)));
            History h = History.start("d" + i, SERVICES.get(r.nextInt(SERVICES.size())), env, env.equals("production"),
                    created, commit);
            Instant t = created;
            if (r.nextBoolean()) {
                h.then(DeploymentState.QUEUED, t = later(r, t));
            }
            int progress = r.nextInt(3);
            for (int p = 0; p < progress; p++) {
                h.then(DeploymentState.IN_PROGRESS, t = later(r, t));
            }
            int end = r.nextInt(10);
            if (end < 5) {
                h.then(DeploymentState.SUCCEEDED, t = later(r, t));
                int after = r.nextInt(4);
                if (after == 0) {
                    h.then(DeploymentState.ROLLED_BACK, later(r, t));
                } else if (after == 1) {
                    h.then(DeploymentState.INACTIVE, later(r, t));
                }
            } else if (end < 8) {
                h.then(r.nextBoolean() ? DeploymentState.FAILED : DeploymentState.ERRORED, t = later(r, t));
                if (r.nextInt(3) == 0) {
                    h.then(DeploymentState.ROLLED_BACK, later(r, t));
                }
            } else if (end == 8) {
                h.then(DeploymentState.CANCELLED, later(r, t));
            }
            out.add(h);
        }
        return out;
    }

    /** Every event at least once, some twice, in a shuffled order. */
    public static List<DeploymentChange> deliveries(Random r, List<History> histories) {
        List<DeploymentChange> out = new ArrayList<>();
        for (History h : histories) {
            for (DeploymentChange c : h.events()) {
                out.add(c);
                if (r.nextInt(4) == 0) {
                    out.add(c);
                }
            }
        }
        Collections.shuffle(out, r);
        return out;
    }

    private static Instant later(Random r, Instant t) {
        return t.plus(Duration.ofSeconds(1 + r.nextInt(r.nextBoolean() ? 600 : 3 * 24 * 3600)));
    }
}
