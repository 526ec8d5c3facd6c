package io.shipwatch.diagnostics.store;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The optional Redis (shipwatch.redis-uri / REDIS_URI). Commands fail fast (300 ms, rejected
 * while disconnected) so a Redis outage costs callers little: they fall back to their in-process
 * implementation and the connection is retried at most once a second.
 */
@Singleton
public class Redis implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Redis.class);
    private static final Duration COMMAND_TIMEOUT = Duration.ofMillis(300);
    private static final long RECONNECT_EVERY_NANOS = Duration.ofSeconds(1).toNanos();

    private final RedisClient client;
    private volatile StatefulRedisConnection<byte[], byte[]> connection;
    private long lastAttempt;

    public Redis(@Value("${shipwatch.redis-uri:}") String uri) {
        if (uri == null || uri.isBlank()) {
            client = null;
            return;
        }
        RedisURI redisUri = RedisURI.create(uri);
        redisUri.setTimeout(COMMAND_TIMEOUT);
        client = RedisClient.create(redisUri);
        client.setOptions(ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                .build());
    }

    public boolean configured() {
        return client != null;
    }

    /** Runs commands; empty when Redis is not configured or not answering. */
    public <T> Optional<T> call(Function<RedisCommands<byte[], byte[]>, T> commands) {
        StatefulRedisConnection<byte[], byte[]> c = connection();
        if (c == null) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(commands.apply(c.sync()));
        } catch (RuntimeException e) {
            LOG.debug("redis command failed: {}", e.toString());
            return Optional.empty();
        }
    }

    private StatefulRedisConnection<byte[], byte[]> connection() {
        if (client == null) {
            return null;
        }
        StatefulRedisConnection<byte[], byte[]> c = connection;
        if (c != null) {
            return c;
        }
        synchronized (this) {
            if (connection == null && System.nanoTime() - lastAttempt >= RECONNECT_EVERY_NANOS) {
                lastAttempt = System.nanoTime();
                try {
                    connection = client.connect(ByteArrayCodec.INSTANCE);
                } catch (RuntimeException e) {
                    LOG.warn("redis unavailable, using in-process fallbacks: {}", e.toString());
                }
            }
            return connection;
        }
    }

    @PreDestroy
    @Override
    public void close() {
        if (connection != null) {
            connection.close();
        }
        if (client != null) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }
}
