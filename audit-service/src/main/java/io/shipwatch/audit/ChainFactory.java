package io.shipwatch.audit;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.shipwatch.audit.domain.AuditChain;
import io.shipwatch.audit.domain.ChainKeys;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The chain's HMAC keys from configuration (in Kubernetes a Secret): the current key and its
 * id, plus retired keys ("id=key,id2=key2") that still verify entries linked before a rotation.
 * The service refuses to start without a key rather than run an unverifiable chain.
 */
@Factory
class ChainFactory {
    @Singleton
    ChainKeys chainKeys(@Value("${shipwatch.audit.hmac.key:}") String key,
                        @Value("${shipwatch.audit.hmac.key-id:k1}") String keyId,
                        @Value("${shipwatch.audit.hmac.retired-keys:}") String retired) {
        if (key.isBlank()) {
            throw new IllegalStateException("shipwatch.audit.hmac.key (SHIPWATCH_AUDIT_HMAC_KEY) is required: "
                    + "at least 32 bytes that link the audit chain");
        }
        return new ChainKeys(keyId, bytes(key), parseRetired(retired));
    }

    @Singleton
    AuditChain auditChain(ChainKeys keys) {
        return new AuditChain(keys, UUID::randomUUID);
    }

    static Map<String, byte[]> parseRetired(String retired) {
        Map<String, byte[]> keys = new HashMap<>();
        for (String pair : retired.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalStateException("shipwatch.audit.hmac.retired-keys must be id=key pairs separated by commas");
            }
            keys.put(pair.substring(0, eq).trim(), bytes(pair.substring(eq + 1).trim()));
        }
        return keys;
    }

    private static byte[] bytes(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }
}
