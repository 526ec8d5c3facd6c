package io.shipwatch.audit.store;

import io.shipwatch.audit.domain.AuditChain;
import io.shipwatch.audit.domain.AuditEntry;
import io.shipwatch.audit.domain.AuditFilter;
import io.shipwatch.audit.domain.ChainAnchor;
import io.shipwatch.audit.domain.ChainVerifier;
import io.shipwatch.audit.domain.NewAuditEntry;
import io.shipwatch.audit.domain.PageToken;
import io.shipwatch.platform.db.Transactions;
import io.shipwatch.platform.errors.ServiceException;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;

/**
 * The audit log's operations: append (serialised on the chain head row), list, verify. The
 * StreamEvents consumer appends through {@link #appendOn} inside its own transaction, so its
 * entries and its checkpoint commit together.
 */
@Singleton
public class AuditLog {
    /** Entries read per keyset statement while verifying. */
    static final int VERIFY_BATCH = 5000;

    private final Transactions tx;
    private final AuditStore store;
    private final AuditChain chain;
    private final Clock clock;

    public AuditLog(Transactions tx, AuditStore store, AuditChain chain, Clock clock) {
        this.tx = tx;
        this.store = store;
        this.chain = chain;
        this.clock = clock;
    }

    /** A page of entries and the token of the next one (null at the end). */
    public record Page(List<AuditEntry> entries, PageToken next) {
    }

    /** The outcome of a verification and the head it was checked against. */
    public record Verification(ChainVerifier.Result result, ChainAnchor head) {
    }

    public List<AuditEntry> append(List<NewAuditEntry> entries) {
        return tx.write(c -> appendOn(c, entries));
    }

    /** Links and stores entries on the caller's transaction; the head row stays locked until it ends. */
    public List<AuditEntry> appendOn(Connection c, List<NewAuditEntry> entries) throws SQLException {
        if (entries.isEmpty()) {
            return List.of();
        }
        ChainState state = store.lock(c);
        List<AuditEntry> linked = chain.link(state.head(), entries);
        store.insert(c, linked, clock.instant());
        return linked;
    }

    public Page list(AuditFilter filter, PageToken after, int pageSize) {
        long from = after == null ? 0 : after.afterSequence();
        List<AuditEntry> rows = tx.read(c -> store.page(c, filter, from, Long.MAX_VALUE, pageSize + 1));
        if (rows.size() <= pageSize) {
            return new Page(rows, null);
        }
        List<AuditEntry> page = List.copyOf(rows.subList(0, pageSize));
        return new Page(page, new PageToken(page.get(pageSize - 1).sequence(), filter.fingerprint()));
    }

    /**
     * Recomputes the chain over [from, to] (0 = oldest retained / anchored head) in keyset
     * batches. Checking up to the head also catches a truncated tail.
     */
    public Verification verify(long from, long to, ChainAnchor expected) {
        ChainState state = tx.read(store::state);
        ChainAnchor head = state.head();
        long first = Math.max(from, state.base().sequence() + 1);
        long last = to == 0 ? head.sequence() : Math.min(to, head.sequence());
        if (expected != null && (expected.sequence() < first - 1 || expected.sequence() > last)) {
            throw ServiceException.invalidArgument("expected_anchor.sequence",
                    "must lie within the verified range " + (first - 1) + ".." + last);
        }
        ChainAnchor start = first == state.base().sequence() + 1 ? state.base()
                : tx.read(c -> store.anchorAt(c, first - 1)).orElse(null);
        if (start == null) {
            // The entry before the range is gone: the range cannot start there, and that is itself a break.
            return new Verification(new ChainVerifier.Result(false, 0, new io.shipwatch.audit.domain.BrokenLink(first - 1,
                    io.shipwatch.audit.domain.BrokenLink.Reason.SEQUENCE_GAP, "entry " + (first - 1) + " is missing")), head);
        }
        ChainVerifier verifier = new ChainVerifier(chain, start, expected);
        long cursor = start.sequence();
        while (cursor < last) {
            long after = cursor;
            List<AuditEntry> batch = tx.read(c -> store.page(c, AuditFilter.ALL, after, last, VERIFY_BATCH));
            if (batch.isEmpty()) {
                break;
            }
            for (AuditEntry e : batch) {
                if (!verifier.accept(e)) {
                    return new Verification(verifier.finish(last, null), head);
                }
            }
            cursor = batch.get(batch.size() - 1).sequence();
        }
        return new Verification(verifier.finish(last, to == 0 || to >= head.sequence() ? head : null), head);
    }
}
