package io.shipwatch.audit.domain;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The HMAC-SHA256 keys of the chain. New entries are linked with the current key; every entry
 * stores the id of the key that linked it, so after a rotation the retired keys (kept here
 * by id) still verify older entries.
 */
public final class ChainKeys {
    static final int MIN_KEY_BYTES = 32;

    private final String currentId;
    private final Map<String, byte[]> keys;

    public ChainKeys(String currentId, byte[] currentKey, Map<String, byte[]> retired) {
        Objects.requireNonNull(currentId, "currentId");
        if (currentId.isBlank() || currentId.length() > 64) {
            throw new IllegalArgumentException("the HMAC key id must be 1 to 64 characters");
        }
        Map<String, byte[]> all = new HashMap<>();
        retired.forEach((id, key) -> all.put(id, checked(id, key)));
        all.put(currentId, checked(currentId, currentKey));
        this.currentId = currentId;
        this.keys = Map.copyOf(all);
    }

    public String currentId() {
        return currentId;
    }

    public boolean knows(String keyId) {
        return keys.containsKey(keyId);
    }

    /** HMAC-SHA256(key, previous hash || message) with the key of the given id, if known. */
    public Optional<byte[]> mac(String keyId, byte[] previousHash, byte[] message) {
        byte[] key = keys.get(keyId);
        if (key == null) {
            return Optional.empty();
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(previousHash);
            return Optional.of(mac.doFinal(message));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    private static byte[] checked(String id, byte[] key) {
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("the HMAC key '" + id + "' must have at least " + MIN_KEY_BYTES + " bytes");
        }
        return key.clone();
    }
}
