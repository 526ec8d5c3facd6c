package io.shipwatch.diagnostics.store;

import io.shipwatch.platform.db.Transactions;
import io.shipwatch.platform.paging.PageToken;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Stored diagnostic reports: one insert per diagnosis, reads by id and keyset pages, newest first. */
@Singleton
public class ReportStore {
    private final Transactions tx;

    public ReportStore(Transactions tx) {
        this.tx = tx;
    }

    /** A page of reports and the cursor of its last row when more may follow. */
    public record Page(List<StoredReport> reports, PageToken next) {
    }

    public void insert(StoredReport r) {
        tx.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("insert into diagnostic_report (id,"
                    + " deployment_id, source, top_pattern, fingerprint, created_by, created_at, report)"
                    + " values (?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setObject(1, r.id());
                ps.setObject(2, r.deploymentId());
                ps.setString(3, r.source());
                ps.setString(4, r.topPattern());
                ps.setString(5, r.fingerprint());
                ps.setString(6, r.createdBy());
                ps.setTimestamp(7, Timestamp.from(r.createdAt()));
                ps.setBytes(8, r.report());
                ps.executeUpdate();
                return null;
            }
        });
    }

    public Optional<StoredReport> get(UUID id) {
        return tx.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(SELECT + " where id = ?")) {
                ps.setObject(1, id);
                List<StoredReport> rows = rows(ps);
                return rows.isEmpty() ? Optional.<StoredReport>empty() : Optional.of(rows.get(0));
            }
        });
    }

    /** Newest first; after the cursor when given; at most pageSize rows. */
    public Page list(UUID deploymentId, PageToken after, int pageSize, long filterFingerprint) {
        StringBuilder sql = new StringBuilder(SELECT).append(" where true");
        if (deploymentId != null) {
            sql.append(" and deployment_id = ?");
        }
        if (after != null) {
            sql.append(" and (created_at, id) < (?, ?)");
        }
        sql.append(" order by created_at desc, id desc limit ?");
        return tx.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                int i = 1;
                if (deploymentId != null) {
                    ps.setObject(i++, deploymentId);
                }
                if (after != null) {
                    ps.setTimestamp(i++, Timestamp.from(after.createTime()));
                    ps.setObject(i++, after.id());
                }
                ps.setInt(i, pageSize + 1);
                List<StoredReport> rows = rows(ps);
                if (rows.size() <= pageSize) {
                    return new Page(rows, null);
                }
                List<StoredReport> page = rows.subList(0, pageSize);
                StoredReport last = page.get(pageSize - 1);
                return new Page(List.copyOf(page), new PageToken(last.createdAt(), last.id(), filterFingerprint));
            }
        });
    }

    private static final String SELECT = "select id, deployment_id, source, top_pattern, fingerprint, created_by,"
            + " created_at, report from diagnostic_report";

    private static List<StoredReport> rows(PreparedStatement ps) throws SQLException {
        List<StoredReport> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new StoredReport(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getTimestamp(7).toInstant(),
                        rs.getBytes(8)));
            }
        }
        return out;
    }
}
