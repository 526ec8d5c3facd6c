package io.shipwatch.status.store;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The event log table. Writers append unsequenced rows inside their own transaction;
 * {@link #sequence} later gives committed rows their gap-free positions.
 */
@Singleton
public class EventStore {
    /** Advisory lock (class, 0) that every sequencing transaction, on every replica, takes. Class 1 is per service+environment. */
    static final int SEQUENCER_LOCK_CLASS = 2;

    /** An event as read back: its position and the encoded event. */
    public record StoredEvent(long position, byte[] payload) {
    }

    public void append(Connection c, UUID deploymentId, String type, byte[] payload, String traceparent, Instant at)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into event (deployment_id, event_type, payload, traceparent,"
                + " occurred_at) values (?, ?, ?, ?, ?)")) {
            ps.setObject(1, deploymentId);
            ps.setString(2, type);
            ps.setBytes(3, payload);
            ps.setString(4, traceparent);
            ps.setTimestamp(5, Timestamp.from(at));
            ps.executeUpdate();
        }
    }

    /** Whether any committed event still waits for a position. */
    public boolean hasUnsequenced(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select exists (select 1 from event where position is null)")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    /**
     * Numbers up to {@code batch} committed, unsequenced events head+1, head+2, ... in id
     * order. Runs in its own transaction under a transaction-scoped advisory lock, so only one
     * sequencer numbers at a time across replicas and positions become visible in order.
     * Rows of transactions still open are invisible here and get later positions once they
     * commit, which is what keeps readers from skipping them. Returns the new head.
     */
    public long sequence(Connection c, int batch) throws SQLException {
        try (Statement prepare = c.createStatement()) {
            // One round trip: take the sequencer lock, then steer the planner. Every sequenced
            // row leaves a dead version in the partial index until vacuum; only an ordered index
            // scan skips those cheaply (it marks them killed), while a bitmap or sequential scan,
            // which the planner picks before the table has statistics, revisits all of them on
            // every pass and lets the sequencer fall behind.
            prepare.execute("select pg_advisory_xact_lock(" + SEQUENCER_LOCK_CLASS + ", 0);"
                    + " set local enable_bitmapscan = off; set local enable_seqscan = off");
        }
        try (PreparedStatement ps = c.prepareStatement("""
                with head as (select coalesce(max(position), 0) as h from event),
                     pending as (select id, row_number() over (order by id) as n
                                 from (select id from event where position is null order by id limit ?) p)
                update event e set position = head.h + pending.n
                from pending, head where e.id = pending.id
                returning e.position""")) {
            ps.setInt(1, batch);
            long head = -1;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    head = Math.max(head, rs.getLong(1));
                }
            }
            return head >= 0 ? head : head(c);
        }
    }

    public long head(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select coalesce(max(position), 0) from event")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Up to {@code limit} events after {@code position}, in position order. */
    public List<StoredEvent> readAfter(Connection c, long position, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "select position, payload from event where position > ? order by position limit ?")) {
            ps.setLong(1, position);
            ps.setInt(2, limit);
            return read(ps, limit);
        }
    }

    /** Up to {@code limit} events of one deployment after {@code position}, in position order. */
    public List<StoredEvent> readAfter(Connection c, UUID deploymentId, long position, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select position, payload from event"
                + " where deployment_id = ? and position > ? order by position limit ?")) {
            ps.setObject(1, deploymentId);
            ps.setLong(2, position);
            ps.setInt(3, limit);
            return read(ps, limit);
        }
    }

    private static List<StoredEvent> read(PreparedStatement ps, int limit) throws SQLException {
        List<StoredEvent> events = new ArrayList<>(Math.min(limit, 1024));
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                events.add(new StoredEvent(rs.getLong(1), rs.getBytes(2)));
            }
        }
        return events;
    }
}
