package io.shipwatch.platform.events;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * One consumer of a name at a time across replicas: a session-level PostgreSQL advisory lock
 * held on a connection of its own. When the holder dies its connection closes, the lock goes
 * with it, and a standby's next attempt succeeds. The fenced checkpoint covers the moment in
 * between, when a holder whose connection dropped has not noticed yet.
 */
final class Leadership implements AutoCloseable {
    /** Namespace of the two-int advisory lock key, apart from any other lock in the database. */
    private static final int LOCK_CLASS = 0x5357_4543; // "SWEC"

    private final DataSource dataSource;
    private final String name;
    private Connection held;

    Leadership(DataSource dataSource, String name) {
        this.dataSource = dataSource;
        this.name = name;
    }

    /** Takes the lock if free; true when this instance now leads. */
    synchronized boolean tryAcquire() throws SQLException {
        if (held != null) {
            return true;
        }
        Connection c = dataSource.getConnection();
        try {
            c.setAutoCommit(true);
            try (PreparedStatement ps = c.prepareStatement("select pg_try_advisory_lock(?, hashtext(?))")) {
                ps.setInt(1, LOCK_CLASS);
                ps.setString(2, name);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getBoolean(1)) {
                        held = c;
                        return true;
                    }
                }
            }
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
        c.close();
        return false;
    }

    /** Whether the lock is still held: its connection is alive. */
    synchronized boolean stillHeld() {
        try {
            return held != null && held.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    synchronized boolean leading() {
        return held != null;
    }

    /** Gives the lock up (closing the connection releases it even if the unlock fails). */
    @Override
    public synchronized void close() {
        if (held == null) {
            return;
        }
        try (Connection c = held) {
            try (PreparedStatement ps = c.prepareStatement("select pg_advisory_unlock(?, hashtext(?))")) {
                ps.setInt(1, LOCK_CLASS);
                ps.setString(2, name);
                ps.execute();
            }
        } catch (SQLException ignored) {
            // The connection is gone, and the lock with it.
        } finally {
            held = null;
        }
    }
}
