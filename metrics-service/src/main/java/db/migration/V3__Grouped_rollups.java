package db.migration;

import io.shipwatch.metrics.store.GroupedRollups;
import io.shipwatch.metrics.store.RowKey;
import io.shipwatch.metrics.store.Tables;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Builds the group rows (all services and/or all environments, per day and per month) from the
 * service × environment × day rows already stored, through the same code that keeps them
 * current; month rows are rebuilt with them. A Java migration because the rows are encoded
 * sketches that SQL cannot merge.
 */
public class V3__Grouped_rollups extends BaseJavaMigration {
    private static final int CHUNK = 1000;

    @Override
    public void migrate(Context context) throws Exception {
        Connection c = context.getConnection();
        try (Statement s = c.createStatement()) {
            s.execute("delete from rollup_month");
        }
        String service = "";
        String environment = "";
        LocalDate day = LocalDate.of(1, 1, 1);
        while (true) {
            List<GroupedRollups.RowChange> chunk = new ArrayList<>(CHUNK);
            try (PreparedStatement s = c.prepareStatement("select service, environment, day, all_stats, production_stats, production_deployed"
                    + " from rollup_day where service <> '' and environment <> '' and (service, environment, day) > (?, ?, ?)"
                    + " order by service, environment, day limit " + CHUNK)) {
                s.setString(1, service);
                s.setString(2, environment);
                s.setObject(3, day);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        RowKey key = new RowKey(rs.getString(1), rs.getString(2), rs.getObject(3, LocalDate.class));
                        chunk.add(new GroupedRollups.RowChange(key, null, null, rs.getBytes(4), rs.getBytes(5), rs.getLong(6)));
                    }
                }
            }
            if (chunk.isEmpty()) {
                return;
            }
            GroupedRollups.apply(c, Tables.LIVE, chunk);
            RowKey last = chunk.get(chunk.size() - 1).key();
            service = last.service();
            environment = last.environment();
            day = last.day();
        }
    }
}
