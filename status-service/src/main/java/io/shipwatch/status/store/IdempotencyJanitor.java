package io.shipwatch.status.store;

import io.shipwatch.platform.db.Transactions;
import io.micronaut.context.annotation.Value;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forgets idempotency records after the retention (24 h by default, as Stripe does): a
 * request_id replayed later than that is treated as a new request.
 */
@Singleton
public class IdempotencyJanitor {
    private static final Logger LOG = LoggerFactory.getLogger(IdempotencyJanitor.class);
    private final Transactions tx;
    private final IdempotencyStore store;
    private final Clock clock;
    private final Duration retention;

    public IdempotencyJanitor(Transactions tx, IdempotencyStore store, Clock clock,
                              @Value("${shipwatch.idempotency.retention:24h}") Duration retention) {
        this.tx = tx;
        this.store = store;
        this.clock = clock;
        this.retention = retention;
    }

    /** Deletes expired records; returns how many. */
    @Scheduled(fixedDelay = "${shipwatch.idempotency.purge-interval:15m}", initialDelay = "1m")
    public int purge() {
        int purged = tx.write(c -> store.purgeOlderThan(c, clock.instant().minus(retention)));
        if (purged > 0) {
            LOG.info("forgot {} idempotency records older than {}", purged, retention);
        }
        return purged;
    }
}
