package io.shipwatch.metrics.store;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.SetArgs;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import io.shipwatch.metrics.domain.MetricsQuery;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared tier in Redis. Each answer is stored (with the checkpoint it was read at) under a
 * key that names its query, and listed in the index set of its filter; an invalidation reads
 * only the four index sets that can hold answers over a changed row and deletes exactly the
 * members whose range covers that row. Invalidations are also published so every replica's
 * in-process tier drops the same answers.
 *
 * <p>Redis may be absent or go away: every call fails fast (commands are rejected while
 * disconnected) and the caller answers from the rollups. If an invalidation could not reach
 * Redis, everything cached there is deleted before Redis is used again.
 */
final class RedisAnswers implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RedisAnswers.class);
    private static final Duration TIMEOUT = Duration.ofMillis(500);

    private final ClientResources resources;
    private final RedisClient client;
    private final Duration ttl;
    private final BiConsumer<List<ChangedRow>, Long> remoteInvalidation;
    private volatile StatefulRedisConnection<String, byte[]> connection;
    private volatile StatefulRedisPubSubConnection<String, String> pubsub;
    /** An invalidation or clear did not reach Redis: what it holds may be stale. */
    private volatile boolean dirty;

    RedisAnswers(String uri, Duration ttl, BiConsumer<List<ChangedRow>, Long> remoteInvalidation) {
        RedisURI redisUri = RedisURI.create(uri);
        redisUri.setTimeout(TIMEOUT);
        // Reconnect within 2 s of Redis returning (lettuce's default backoff grows to 30 s).
        this.resources = DefaultClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(2), 2, TimeUnit.MILLISECONDS))
                .build();
        this.client = RedisClient.create(resources, redisUri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(TIMEOUT).build())
                .build());
        this.ttl = ttl;
        this.remoteInvalidation = remoteInvalidation;
    }

    /** Connects if not connected yet; called periodically off the request path. */
    synchronized void connectIfNeeded() {
        try {
            if (connection == null) {
                connection = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
                log.info("metrics answer cache connected to Redis");
            }
            if (pubsub == null) {
                StatefulRedisPubSubConnection<String, String> p = client.connectPubSub();
                p.addListener(new RedisPubSubAdapter<>() {
                    @Override
                    public void message(String channel, String message) {
                        Invalidation i = Invalidation.decode(message);
                        remoteInvalidation.accept(i.rows(), i.position());
                    }
                });
                p.sync().subscribe(QueryKeys.CHANNEL);
                pubsub = p;
            }
            if (dirty && connection.isOpen()) {
                flush(connection.sync());
                dirty = false;
            }
        } catch (RedisException e) {
            log.debug("Redis unavailable for the metrics answer cache: {}", e.getMessage());
        }
    }

    /** True while this replica hears other replicas' invalidations, so its in-process tier may serve. */
    boolean listening() {
        StatefulRedisPubSubConnection<String, String> p = pubsub;
        return p != null && p.isOpen();
    }

    /** The cached answer and the checkpoint it was read at, or null (also when Redis is unusable). */
    Stored get(MetricsQuery q) {
        RedisCommands<String, byte[]> c = usable();
        if (c == null) {
            return null;
        }
        try {
            byte[] v = c.get(QueryKeys.answer(q));
            if (v == null) {
                return null;
            }
            ByteBuffer b = ByteBuffer.wrap(v);
            long position = b.getLong();
            byte[] answer = new byte[b.remaining()];
            b.get(answer);
            return new Stored(answer, position);
        } catch (RedisException e) {
            return null;
        }
    }

    void put(MetricsQuery q, byte[] answer, long readAtPosition) {
        RedisCommands<String, byte[]> c = usable();
        if (c == null) {
            return;
        }
        String key = QueryKeys.answer(q);
        String index = QueryKeys.index(q.service(), q.environment());
        try {
            c.set(key, ByteBuffer.allocate(8 + answer.length).putLong(readAtPosition).put(answer).array(), SetArgs.Builder.ex(ttl));
            c.sadd(index, key.getBytes(StandardCharsets.UTF_8));
            c.expire(index, ttl);
            // Checked after the write: an invalidation that ran in between has either deleted the
            // key or moved the mark past the position this answer was read at.
            byte[] mark = c.get(QueryKeys.INVALIDATED);
            if (mark != null && Long.parseLong(new String(mark, StandardCharsets.US_ASCII)) > readAtPosition) {
                c.del(key);
            }
        } catch (RedisException e) {
            log.debug("could not cache a metrics answer: {}", e.getMessage());
        }
    }

    void invalidate(List<ChangedRow> rows, long position) {
        StatefulRedisConnection<String, byte[]> conn = connection;
        if (conn == null || !conn.isOpen()) {
            dirty = true;
            return;
        }
        try {
            RedisCommands<String, byte[]> c = conn.sync();
            c.set(QueryKeys.INVALIDATED, Long.toString(position).getBytes(StandardCharsets.US_ASCII));
            Set<String> indexes = new LinkedHashSet<>();
            rows.forEach(r -> indexes.addAll(QueryKeys.indexesReading(r.key().service(), r.key().environment())));
            for (String index : indexes) {
                List<byte[]> stale = new ArrayList<>();
                for (byte[] member : c.smembers(index)) {
                    if (LocalAnswers.dependsOnAny(QueryKeys.query(new String(member, StandardCharsets.UTF_8)), rows)) {
                        stale.add(member);
                    }
                }
                if (!stale.isEmpty()) {
                    c.del(stale.stream().map(m -> new String(m, StandardCharsets.UTF_8)).toArray(String[]::new));
                    c.srem(index, stale.toArray(byte[][]::new));
                }
            }
            c.publish(QueryKeys.CHANNEL, new Invalidation(rows, position).encode().getBytes(StandardCharsets.UTF_8));
        } catch (RedisException e) {
            dirty = true;
        }
    }

    void clear(long position) {
        RedisCommands<String, byte[]> c = usable();
        if (c == null) {
            dirty = true;
            return;
        }
        try {
            c.set(QueryKeys.INVALIDATED, Long.toString(position).getBytes(StandardCharsets.US_ASCII));
            flush(c);
            c.publish(QueryKeys.CHANNEL, new Invalidation(null, position).encode().getBytes(StandardCharsets.UTF_8));
        } catch (RedisException e) {
            dirty = true;
        }
    }

    private RedisCommands<String, byte[]> usable() {
        StatefulRedisConnection<String, byte[]> conn = connection;
        return conn != null && conn.isOpen() && !dirty ? conn.sync() : null;
    }

    private static void flush(RedisCommands<String, byte[]> c) {
        ScanIterator<String> keys = ScanIterator.scan(c, ScanArgs.Builder.matches(QueryKeys.PREFIX + "[ai]:*").limit(500));
        List<String> batch = new ArrayList<>();
        while (keys.hasNext()) {
            batch.add(keys.next());
            if (batch.size() == 500) {
                c.unlink(batch.toArray(String[]::new));
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            c.unlink(batch.toArray(String[]::new));
        }
    }

    @Override
    public void close() {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }

    /** A cached answer and the checkpoint it was read at. */
    record Stored(byte[] answer, long position) {
    }

    /** The pub/sub message: a position and the changed rows, or no rows for "everything". */
    record Invalidation(List<ChangedRow> rows, long position) {
        String encode() {
            StringBuilder b = new StringBuilder().append(position);
            if (rows == null) {
                return b.append("\n*").toString();
            }
            for (ChangedRow r : rows) {
                b.append('\n').append(QueryKeys.name(r.key().service())).append('.')
                        .append(QueryKeys.name(r.key().environment())).append('.').append(r.key().day()).append('.').append(r.allChanged() ? 1 : 0)
                        .append('.').append(r.productionChanged() ? 1 : 0);
            }
            return b.toString();
        }

        static Invalidation decode(String message) {
            String[] lines = message.split("\n");
            long position = Long.parseLong(lines[0]);
            if (lines.length > 1 && lines[1].equals("*")) {
                return new Invalidation(null, position);
            }
            List<ChangedRow> rows = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (int i = 1; i < lines.length; i++) {
                if (!seen.add(lines[i])) {
                    continue;
                }
                String[] p = lines[i].split("\\.");
                rows.add(new ChangedRow(new RowKey(QueryKeys.unname(p[0]), QueryKeys.unname(p[1]), LocalDate.parse(p[2])),
                        p[3].equals("1"), p[4].equals("1")));
            }
            return new Invalidation(rows, position);
        }
    }
}
