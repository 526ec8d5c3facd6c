package io.shipwatch.metrics.store;

import io.shipwatch.metrics.domain.MetricsQuery;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The bounded in-process tier: least recently used answers, at most {@code capacity} of them. */
final class LocalAnswers {
    private final int capacity;
    private final LinkedHashMap<MetricsQuery, byte[]> entries;
    private long invalidatedAt;

    LocalAnswers(int capacity) {
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<MetricsQuery, byte[]> eldest) {
                return size() > LocalAnswers.this.capacity;
            }
        };
    }

    synchronized byte[] get(MetricsQuery q) {
        return entries.get(q);
    }

    synchronized void put(MetricsQuery q, byte[] answer, long readAtPosition) {
        if (readAtPosition >= invalidatedAt) {
            entries.put(q, answer);
        }
    }

    synchronized int invalidate(List<ChangedRow> rows, long position) {
        invalidatedAt = Math.max(invalidatedAt, position);
        int before = entries.size();
        entries.keySet().removeIf(q -> dependsOnAny(q, rows));
        return before - entries.size();
    }

    /** Invalidation heard from another replica: rows, or null for everything. */
    void invalidateAll(List<ChangedRow> rows, long position) {
        if (rows == null) {
            clear(position);
        } else {
            invalidate(rows, position);
        }
    }

    synchronized void clear(long position) {
        invalidatedAt = Math.max(invalidatedAt, position);
        entries.clear();
    }

    synchronized int size() {
        return entries.size();
    }

    static boolean dependsOnAny(MetricsQuery q, List<ChangedRow> rows) {
        for (ChangedRow r : rows) {
            if (q.dependsOn(r.key().service(), r.key().environment(), r.key().day(), r.allChanged(), r.productionChanged())) {
                return true;
            }
        }
        return false;
    }
}
