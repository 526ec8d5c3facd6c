package io.shipwatch.status.store;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The event log table. Writers append unsequenced rows inside their own transaction;
 * {@link #sequence} later gives committed rows their gap-free positions. (Advisory lock class
 * 2 is the sequencer's; class 1 serialises successes per service and environment.)
 */
@Singleton
public class EventStore {
    /** An event as read back: its position and the encoded event. */
    public record StoredEvent(long position, byte[] payload) {
    }

    /** Where a sequencing pass left off: the log's head and the floor for the next pass. */
    public record Sequenced(long head, String floor) {
        /** Before the first pass: look at every transaction. */
        public static final String FIRST_FLOOR = "0";
    }

    /** Whether any committed event from a transaction at or after the floor still waits for a position. */
    public boolean hasUnsequenced(Connection c, String floor) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "select exists (select 1 from event where position is null and xid >= ?::xid8)")) {
            ps.setString(1, floor);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /**
     * Numbers up to {@code batch} committed, unsequenced events head+1, head+2, ... in id
     * order, in one round trip ({@code sequence_events}, migration V3). It runs under a
     * transaction-scoped advisory lock, so only one sequencer numbers at a time across
     * replicas and positions become visible in order. Rows of transactions still open are
     * invisible here and get later positions once they commit, which is what keeps readers
     * from skipping them.
     */
    public Sequenced sequence(Connection c, int batch, String floor) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select head, next_floor::text from sequence_events(?, ?::xid8)")) {
            ps.setInt(1, batch);
            ps.setString(2, floor);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Sequenced(rs.getLong(1), rs.getString(2));
            }
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
