package io.shipwatch.status.store;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/**
 * Idempotency records, claimed in the same transaction as the effect. A second claim of the
 * same key blocks on the primary key until the first transaction ends, so concurrent
 * duplicates cannot both take effect: the loser sees the winner's stored response.
 */
@Singleton
public class IdempotencyStore {

    /** A record some earlier (committed) request left. */
    public record Existing(String operation, byte[] fingerprint, byte[] response) {
    }

    /** Claims the key; returns the existing record when it was claimed before. */
    public Optional<Existing> claim(Connection c, String requestId, String operation, byte[] fingerprint, Instant at)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into idempotency_record (request_id, operation, fingerprint,"
                + " created_at) values (?, ?, ?, ?) on conflict (request_id) do nothing")) {
            ps.setString(1, requestId);
            ps.setString(2, operation);
            ps.setBytes(3, fingerprint);
            ps.setTimestamp(4, Timestamp.from(at));
            if (ps.executeUpdate() == 1) {
                return Optional.empty();
            }
        }
        try (PreparedStatement ps = c.prepareStatement(
                "select operation, fingerprint, response from idempotency_record where request_id = ?")) {
            ps.setString(1, requestId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("idempotency record vanished while claimed");
                }
                return Optional.of(new Existing(rs.getString(1), rs.getBytes(2), rs.getBytes(3)));
            }
        }
    }

    public void complete(Connection c, String requestId, byte[] response) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("update idempotency_record set response = ? where request_id = ?")) {
            ps.setBytes(1, response);
            ps.setString(2, requestId);
            ps.executeUpdate();
        }
    }

    /** Deletes records older than the cutoff; returns how many. */
    public int purgeOlderThan(Connection c, Instant cutoff) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("delete from idempotency_record where created_at < ?")) {
            ps.setTimestamp(1, Timestamp.from(cutoff));
            return ps.executeUpdate();
        }
    }
}
