package io.shipwatch.metrics.events;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.metrics.LongCounter;
import io.shipwatch.metrics.store.AnswerCache;
import io.shipwatch.metrics.store.RollupReads;
import io.shipwatch.metrics.store.Tables;
import io.shipwatch.platform.db.Transactions;
import io.shipwatch.platform.errors.ServiceException;
import io.shipwatch.platform.events.EventConsumer;
import io.shipwatch.platform.events.EventConsumers;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the live rollups current (consumer "metrics") from startup to shutdown, and runs
 * rebuilds: consumer "metrics-rebuild" replays the log from position 0 into shadow tables
 * while the live ones keep answering; once it has caught up with the head, the live consumer
 * stops, and one transaction renames the shadow tables into place and moves the live checkpoint
 * to the rebuild's; then the live consumer starts again from there.
 */
@Context
public class MetricsConsumer {
    static final String REBUILD = "metrics-rebuild";
    private static final Logger log = LoggerFactory.getLogger(MetricsConsumer.class);
    private static final long WATCH_MILLIS = 100;

    private final EventConsumers consumers;
    private final AnswerCache cache;
    private final Transactions tx;
    private final Clock clock;
    private final LongCounter deployments;
    private final boolean consuming;
    private EventConsumer live;
    private EventConsumer rebuild;
    private Thread watcher;

    /** What RebuildMetrics reports. */
    public record RebuildStarted(Instant startTime, long headPosition) {
    }

    public MetricsConsumer(EventConsumers consumers, AnswerCache cache, Transactions tx, Clock clock, OpenTelemetry otel,
                           @Value("${shipwatch.consumer.enabled:true}") boolean consuming) {
        this.consuming = consuming;
        this.consumers = consumers;
        this.cache = cache;
        this.tx = tx;
        this.clock = clock;
        this.deployments = otel.getMeter("io.shipwatch.metrics").counterBuilder("shipwatch.deployments")
                .setDescription("Deployments reaching a final state, by service, environment and that state")
                .setUnit("{deployment}").build();
    }

    @PostConstruct
    synchronized void start() {
        live = consumers.create(RollupReads.CONSUMER, new RollupHandler(Tables.LIVE, cache, deployments));
        live.start();
    }

    /** The live consumer (its checkpoint, lag and leadership). */
    public synchronized EventConsumer live() {
        return live;
    }

    public synchronized boolean rebuilding() {
        return rebuild != null;
    }

    /** Starts a rebuild; FAILED_PRECONDITION while one runs (REBUILD_IN_PROGRESS) or when consuming is off (CONSUMER_DISABLED). */
    public synchronized RebuildStarted startRebuild() {
        if (!consuming) {
            throw ServiceException.failedPrecondition("CONSUMER_DISABLED",
                    "this instance does not consume the event log (shipwatch.consumer.enabled=false), so it cannot replay it",
                    Map.of());
        }
        if (rebuild != null) {
            throw ServiceException.failedPrecondition("REBUILD_IN_PROGRESS", "a rebuild is already running",
                    Map.of("replayed_position", Long.toString(Math.max(0, rebuild.committedPosition())),
                            "head_position", Long.toString(Math.max(0, rebuild.headPosition()))));
        }
        tx.write(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("drop table if exists " + Tables.SHADOW.facts() + ", " + Tables.SHADOW.rollups() + ", "
                        + Tables.SHADOW.monthRollups());
                s.execute("create table " + Tables.SHADOW.facts() + " (like " + Tables.LIVE.facts() + " including all)");
                s.execute("create table " + Tables.SHADOW.rollups() + " (like " + Tables.LIVE.rollups() + " including all)");
                s.execute("create table " + Tables.SHADOW.monthRollups() + " (like " + Tables.LIVE.monthRollups() + " including all)");
            }
            try (PreparedStatement s = c.prepareStatement("delete from event_checkpoint where consumer = ?")) {
                s.setString(1, REBUILD);
                s.executeUpdate();
            }
            return null;
        });
        RebuildStarted started = new RebuildStarted(clock.instant(), Math.max(0, live.headPosition()));
        rebuild = consumers.create(REBUILD, new RollupHandler(Tables.SHADOW, null, null));
        rebuild.start();
        watcher = new Thread(this::swapWhenCaughtUp, "metrics-rebuild-watcher");
        watcher.setDaemon(true);
        watcher.start();
        log.info("metrics rebuild started; live head at position {}", started.headPosition());
        return started;
    }

    private void swapWhenCaughtUp() {
        try {
            while (!rebuildCaughtUp()) {
                TimeUnit.MILLISECONDS.sleep(WATCH_MILLIS);
            }
            swap();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("metrics rebuild failed; the live rollups stay in place", e);
            synchronized (this) {
                if (rebuild != null) {
                    rebuild.close();
                    rebuild = null;
                }
            }
        }
    }

    private synchronized boolean rebuildCaughtUp() {
        return rebuild == null || (rebuild.caughtUp() && rebuild.committedPosition() >= live.committedPosition());
    }

    private synchronized void swap() {
        if (rebuild == null) {
            return;
        }
        live.close();
        rebuild.close();
        long position = tx.write(c -> {
            long replayed;
            try (PreparedStatement s = c.prepareStatement("select position from event_checkpoint where consumer = ?")) {
                s.setString(1, REBUILD);
                try (ResultSet rs = s.executeQuery()) {
                    replayed = rs.next() ? rs.getLong(1) : 0;
                }
            }
            try (Statement s = c.createStatement()) {
                s.execute("lock table " + Tables.LIVE.facts() + ", " + Tables.LIVE.rollups() + ", " + Tables.LIVE.monthRollups()
                        + " in access exclusive mode");
                s.execute("drop table " + Tables.LIVE.facts() + ", " + Tables.LIVE.rollups() + ", " + Tables.LIVE.monthRollups());
                s.execute("alter table " + Tables.SHADOW.facts() + " rename to " + Tables.LIVE.facts());
                s.execute("alter table " + Tables.SHADOW.rollups() + " rename to " + Tables.LIVE.rollups());
                s.execute("alter table " + Tables.SHADOW.monthRollups() + " rename to " + Tables.LIVE.monthRollups());
            }
            try (PreparedStatement s = c.prepareStatement("insert into event_checkpoint (consumer, position) values (?, ?)"
                    + " on conflict (consumer) do update set position = excluded.position, updated_at = now()")) {
                s.setString(1, RollupReads.CONSUMER);
                s.setLong(2, replayed);
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("delete from event_checkpoint where consumer = ?")) {
                s.setString(1, REBUILD);
                s.executeUpdate();
            }
            return replayed;
        });
        cache.clear(position);
        rebuild = null;
        live = consumers.create(RollupReads.CONSUMER, new RollupHandler(Tables.LIVE, cache, deployments));
        live.start();
        log.info("metrics rebuild swapped in at position {}", position);
    }

    @PreDestroy
    synchronized void stop() {
        if (watcher != null) {
            watcher.interrupt();
        }
        if (rebuild != null) {
            rebuild.close();
        }
        live.close();
    }
}
