package io.shipwatch.audit.store;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SetArgs;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.shipwatch.audit.domain.ExportRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * Export records in Redis, shared by every replica and surviving restarts: SET NX claims a
 * key, so of concurrent exports with one key exactly one does the work. Commands fail fast
 * (1 s timeout, rejected while disconnected) instead of queueing, so a Redis outage costs a
 * request at most a second; lettuce reconnects in the background, and a connection that could
 * not be opened at all is retried on a later call.
 */
public final class RedisExportRecords implements ExportRecords {
    static final Duration TIMEOUT = Duration.ofSeconds(1);
    private static final String PREFIX = "shipwatch:audit:export:";

    private final RedisClient client;
    private StatefulRedisConnection<byte[], byte[]> connection;

    public RedisExportRecords(String uri) {
        this.client = RedisClient.create(uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(TIMEOUT))
                .build());
        client.setDefaultTimeout(TIMEOUT);
    }

    @Override
    public Optional<ExportRecord> claim(String key, byte[] fingerprint, Duration pendingFor) {
        RedisCommands<byte[], byte[]> redis = redis();
        byte[] k = key(key, "");
        String ok = redis.set(k, RecordCodec.encode(new ExportRecord(fingerprint, null)), SetArgs.Builder.nx().px(pendingFor.toMillis()));
        if ("OK".equals(ok)) {
            return Optional.empty();
        }
        byte[] existing = redis.get(k);
        // Expired between SET and GET: report a claim in progress, the caller retries.
        return Optional.of(existing == null ? new ExportRecord(fingerprint, null) : RecordCodec.decode(existing));
    }

    @Override
    public void complete(String key, ExportRecord done, byte[] bytes, Duration ttl) {
        RedisCommands<byte[], byte[]> redis = redis();
        if (bytes != null) {
            redis.set(key(key, ":data"), bytes, SetArgs.Builder.px(ttl.toMillis()));
        }
        redis.set(key(key, ""), RecordCodec.encode(done), SetArgs.Builder.px(ttl.toMillis()));
    }

    @Override
    public Optional<byte[]> bytes(String key) {
        return Optional.ofNullable(redis().get(key(key, ":data")));
    }

    @Override
    public void release(String key) {
        redis().del(key(key, ""));
    }

    private synchronized RedisCommands<byte[], byte[]> redis() {
        if (connection == null) {
            connection = client.connect(ByteArrayCodec.INSTANCE);
            connection.setTimeout(TIMEOUT);
        }
        return connection.sync();
    }

    private static byte[] key(String key, String suffix) {
        return (PREFIX + key + suffix).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void close() {
        if (connection != null) {
            connection.close();
        }
        client.shutdown();
    }
}
