package io.shipwatch.platform.db;

/**
 * The connection pool's default size follows the CPU: about two connections per core. More
 * connections than the cores can serve only queue inside PostgreSQL and starve everything
 * else of CPU: on the 2-core benchmark machine 20 connections gave 1,160 RecordStatus/s with
 * a 2.9 s event-lag p99, 6 connections 1,800/s and 150 ms (bench/BENCHMARKS.md).
 */
public final class PoolSize {
    private static final String PROPERTY = "datasources.default.maximum-pool-size";

    private PoolSize() {
    }

    /** Sets the default unless DB_POOL_SIZE or the property says otherwise; returns the size in force. */
    public static int applyDefault() {
        String configured = System.getenv("DB_POOL_SIZE");
        if (configured != null && !configured.isBlank()) {
            return Integer.parseInt(configured.trim());
        }
        if (System.getProperty(PROPERTY) == null) {
            System.setProperty(PROPERTY, Integer.toString(forCores(Runtime.getRuntime().availableProcessors())));
        }
        return Integer.parseInt(System.getProperty(PROPERTY));
    }

    static int forCores(int cores) {
        return Math.max(4, 2 * cores + 2);
    }
}
