package io.shipwatch.audit.store;

import io.micronaut.context.annotation.Value;
import io.micronaut.scheduling.annotation.Scheduled;
import io.shipwatch.audit.domain.ChainAnchor;
import io.shipwatch.platform.db.Transactions;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes entries recorded more than N days ago (shipwatch.audit.retention-days; 0 keeps
 * all). It removes a prefix of the chain and records the last removed entry as the chain's
 * base in the same transaction, so verification starts from that retained anchor. At most
 * {@link #MAX_PER_TRANSACTION} entries go per transaction, so a large backlog never holds
 * the chain lock for long.
 */
@Singleton
public class RetentionJob {
    static final int MAX_PER_TRANSACTION = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(RetentionJob.class);

    private final Transactions tx;
    private final AuditStore store;
    private final Clock clock;
    private final int days;

    public RetentionJob(Transactions tx, AuditStore store, Clock clock,
                        @Value("${shipwatch.audit.retention-days:0}") int days) {
        this.tx = tx;
        this.store = store;
        this.clock = clock;
        this.days = days;
    }

    /** Removes every expired entry; returns how many. */
    @Scheduled(fixedDelay = "${shipwatch.audit.retention-interval:1h}", initialDelay = "1m")
    public long purge() {
        if (days <= 0) {
            return 0;
        }
        long total = 0;
        int removed;
        do {
            removed = tx.write(c -> {
                ChainState state = store.lock(c);
                Instant now = clock.instant();
                Optional<ChainAnchor> end = store.retentionEnd(c, now.minus(Duration.ofDays(days)), state.head().sequence());
                if (end.isEmpty() || end.get().sequence() <= state.base().sequence()) {
                    return 0;
                }
                long upTo = Math.min(end.get().sequence(), state.base().sequence() + MAX_PER_TRANSACTION);
                ChainAnchor newBase = upTo == end.get().sequence() ? end.get() : store.anchorAt(c, upTo).orElseThrow();
                return store.deleteThrough(c, newBase, now);
            });
            total += removed;
        } while (removed > 0);
        if (total > 0) {
            LOG.info("retention removed {} audit entries recorded more than {} days ago", total, days);
        }
        return total;
    }
}
