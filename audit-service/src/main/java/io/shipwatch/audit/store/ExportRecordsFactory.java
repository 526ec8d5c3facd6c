package io.shipwatch.audit.store;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.Clock;

/** Redis-backed export records when REDIS_URI is set, in-process ones otherwise. */
@Factory
class ExportRecordsFactory {
    @Singleton
    @Bean(preDestroy = "close")
    ExportRecords exportRecords(@Value("${shipwatch.redis.uri:}") String redisUri, Clock clock) {
        LocalExportRecords local = new LocalExportRecords(clock);
        return redisUri.isBlank() ? local : new FallbackExportRecords(new RedisExportRecords(redisUri), local);
    }
}
