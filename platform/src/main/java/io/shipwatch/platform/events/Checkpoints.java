package io.shipwatch.platform.events;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The consumer's position in the log, one row per consumer in the consuming service's own
 * database. Every consuming service creates the table in its Flyway migrations:
 *
 * <pre>
 * CREATE TABLE event_checkpoint (
 *     consumer   text PRIMARY KEY,
 *     position   bigint NOT NULL,
 *     updated_at timestamptz NOT NULL DEFAULT now()
 * );
 * </pre>
 */
final class Checkpoints {
    /** Another instance moved the checkpoint: this one is no longer the only consumer. */
    static final class Fenced extends SQLException {
        Fenced(String consumer, long expected) {
            super("checkpoint of '" + consumer + "' is no longer at " + expected + "; another instance consumed");
        }
    }

    private Checkpoints() {
    }

    /** The stored position, creating the row at 0 the first time. */
    static long read(Connection c, String consumer) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(
                "insert into event_checkpoint (consumer, position) values (?, 0) on conflict (consumer) do nothing")) {
            insert.setString(1, consumer);
            insert.executeUpdate();
        }
        try (PreparedStatement select = c.prepareStatement("select position from event_checkpoint where consumer = ?")) {
            select.setString(1, consumer);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * Moves the checkpoint from {@code expected} to {@code position}, fenced: if the row is not
     * at {@code expected} the transaction must roll back, so two instances that both believe
     * they lead can never apply the same event twice.
     */
    static void advance(Connection c, String consumer, long expected, long position) throws SQLException {
        try (PreparedStatement update = c.prepareStatement(
                "update event_checkpoint set position = ?, updated_at = now() where consumer = ? and position = ?")) {
            update.setLong(1, position);
            update.setString(2, consumer);
            update.setLong(3, expected);
            if (update.executeUpdate() != 1) {
                throw new Fenced(consumer, expected);
            }
        }
    }
}
