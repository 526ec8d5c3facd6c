package io.shipwatch.audit.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shipwatch.audit.domain.AuditEntry;
import io.shipwatch.audit.domain.AuditFilter;
import io.shipwatch.audit.domain.ChainAnchor;
import io.shipwatch.audit.domain.NewAuditEntry;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The audit_event and audit_chain tables. Hand-written SQL because the queries need what
 * repositories cannot say: the head row lock that serialises appends, multi-row inserts, and
 * keyset reads with an optional set of deployment ids bound as one array.
 */
@Singleton
public class AuditStore {
    /** Rows per INSERT statement: one round trip per hundred entries. */
    public static final int INSERT_BATCH = 100;
    private static final String COLUMNS = "sequence, id, actor, action, deployment_id, service, environment, from_state,"
            + " to_state, occurred_at, trace_id, details, key_id, hash";
    private static final String ROW = "(?,?,?,?,?,?,?,?,?,?,?,?::jsonb,?,?,?)";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFactory JSON_FACTORY = JSON.getFactory();

    /** Reads both anchors, locking the chain row: appends and retention on the chain wait for this transaction. */
    public ChainState lock(Connection c) throws SQLException {
        return state(c, " for update");
    }

    /** Reads both anchors without locking. */
    public ChainState state(Connection c) throws SQLException {
        return state(c, "");
    }

    private ChainState state(Connection c, String lock) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "select head_sequence, head_hash, base_sequence, base_hash from audit_chain where id = 1" + lock);
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("the audit_chain row is missing", "P0002");
            }
            return new ChainState(new ChainAnchor(rs.getLong(1), rs.getBytes(2)), new ChainAnchor(rs.getLong(3), rs.getBytes(4)));
        }
    }

    /** Inserts linked entries (up to {@link #INSERT_BATCH} per statement) and moves the head to the last one. */
    public void insert(Connection c, List<AuditEntry> entries, Instant recordedAt) throws SQLException {
        if (entries.isEmpty()) {
            return;
        }
        for (int from = 0; from < entries.size(); from += INSERT_BATCH) {
            List<AuditEntry> batch = entries.subList(from, Math.min(entries.size(), from + INSERT_BATCH));
            StringBuilder sql = new StringBuilder("insert into audit_event (").append(COLUMNS).append(", recorded_at) values ");
            for (int i = 0; i < batch.size(); i++) {
                sql.append(i == 0 ? "" : ",").append(ROW);
            }
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                int p = 1;
                Timestamp recorded = Timestamp.from(recordedAt);
                for (AuditEntry e : batch) {
                    NewAuditEntry n = e.content();
                    ps.setLong(p++, e.sequence());
                    ps.setObject(p++, e.id());
                    ps.setString(p++, n.actor());
                    ps.setString(p++, n.action());
                    ps.setObject(p++, n.deploymentId());
                    ps.setString(p++, n.service());
                    ps.setString(p++, n.environment());
                    ps.setString(p++, n.fromState());
                    ps.setString(p++, n.toState());
                    ps.setTimestamp(p++, Timestamp.from(n.occurredAt()));
                    ps.setString(p++, n.traceId());
                    ps.setString(p++, json(n.details()));
                    ps.setString(p++, e.keyId());
                    ps.setBytes(p++, e.hash());
                    ps.setTimestamp(p++, recorded);
                }
                ps.executeUpdate();
            }
        }
        AuditEntry last = entries.get(entries.size() - 1);
        try (PreparedStatement ps = c.prepareStatement(
                "update audit_chain set head_sequence = ?, head_hash = ?, updated_at = ? where id = 1")) {
            ps.setLong(1, last.sequence());
            ps.setBytes(2, last.hash());
            ps.setTimestamp(3, Timestamp.from(recordedAt));
            ps.executeUpdate();
        }
    }

    /**
     * Up to {@code limit} entries matching the filter with sequence in (after, upTo], in chain
     * order: one keyset statement, whatever the number of deployment ids.
     */
    public List<AuditEntry> page(Connection c, AuditFilter f, long after, long upTo, int limit) throws SQLException {
        StringBuilder sql = new StringBuilder("select ").append(COLUMNS)
                .append(" from audit_event where sequence > ? and sequence <= ?");
        List<Object> args = new ArrayList<>(List.of(after, upTo));
        if (!f.deploymentIds().isEmpty()) {
            sql.append(" and deployment_id = any(?)");
            args.add(c.createArrayOf("uuid", f.deploymentIds().toArray()));
        }
        condition(sql, args, "actor = ?", f.actor());
        condition(sql, args, "action = ?", f.action());
        condition(sql, args, "service = ?", f.service());
        condition(sql, args, "environment = ?", f.environment());
        if (f.occurredAfter() != null) {
            sql.append(" and occurred_at >= ?");
            args.add(Timestamp.from(f.occurredAfter()));
        }
        if (f.occurredBefore() != null) {
            sql.append(" and occurred_at < ?");
            args.add(Timestamp.from(f.occurredBefore()));
        }
        sql.append(" order by sequence limit ?");
        args.add(limit);
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                Object a = args.get(i);
                if (a instanceof Array array) {
                    ps.setArray(i + 1, array);
                } else {
                    ps.setObject(i + 1, a);
                }
            }
            List<AuditEntry> rows = new ArrayList<>(Math.min(limit, 1024));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(entry(rs));
                }
            }
            return rows;
        }
    }

    /** The stored hash of one entry, if it exists. */
    public java.util.Optional<ChainAnchor> anchorAt(Connection c, long sequence) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select hash from audit_event where sequence = ?")) {
            ps.setLong(1, sequence);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? java.util.Optional.of(new ChainAnchor(sequence, rs.getBytes(1))) : java.util.Optional.empty();
            }
        }
    }

    /**
     * The last entry of the oldest run of entries recorded before {@code cutoff}: retention
     * removes the chain's prefix up to it. Empty when the oldest entry is newer.
     */
    public java.util.Optional<ChainAnchor> retentionEnd(Connection c, Instant cutoff, long head) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                select e.sequence, e.hash from audit_event e
                where e.sequence = coalesce((select min(sequence) from audit_event where recorded_at >= ?) - 1, ?)""")) {
            ps.setTimestamp(1, Timestamp.from(cutoff));
            ps.setLong(2, head);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? java.util.Optional.of(new ChainAnchor(rs.getLong(1), rs.getBytes(2))) : java.util.Optional.empty();
            }
        }
    }

    /** Deletes every entry up to the new base and records the base, so verification starts from its hash. */
    public int deleteThrough(Connection c, ChainAnchor newBase, Instant now) throws SQLException {
        int deleted;
        try (PreparedStatement ps = c.prepareStatement("delete from audit_event where sequence <= ?")) {
            ps.setLong(1, newBase.sequence());
            deleted = ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(
                "update audit_chain set base_sequence = ?, base_hash = ?, updated_at = ? where id = 1")) {
            ps.setLong(1, newBase.sequence());
            ps.setBytes(2, newBase.hash());
            ps.setTimestamp(3, Timestamp.from(now));
            ps.executeUpdate();
        }
        return deleted;
    }

    private static void condition(StringBuilder sql, List<Object> args, String clause, String value) {
        if (!value.isEmpty()) {
            sql.append(" and ").append(clause);
            args.add(value);
        }
    }

    private static AuditEntry entry(ResultSet rs) throws SQLException {
        NewAuditEntry content = new NewAuditEntry(rs.getString(3), rs.getString(4), rs.getObject(5, UUID.class),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getTimestamp(10).toInstant(),
                rs.getString(11), details(rs.getString(12)));
        return new AuditEntry(rs.getObject(2, UUID.class), rs.getLong(1), content, rs.getString(13), rs.getBytes(14));
    }

    static String json(Map<String, String> details) {
        try {
            return JSON.writeValueAsString(details);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses stored details (a JSON object of strings) with the streaming parser: it runs once per exported row. */
    private static TreeMap<String, String> details(String json) {
        TreeMap<String, String> details = new TreeMap<>();
        try (JsonParser p = JSON_FACTORY.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                if (p.nextToken() != JsonToken.VALUE_STRING) {
                    throw new IOException("detail '" + key + "' is not a string");
                }
                details.put(key, p.getText());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("stored details are not a JSON object of strings", e);
        }
        return details;
    }
}
