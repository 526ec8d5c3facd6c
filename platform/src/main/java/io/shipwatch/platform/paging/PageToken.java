package io.shipwatch.platform.paging;

import io.shipwatch.platform.errors.ServiceException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import java.util.zip.CRC32C;

/**
 * An opaque keyset cursor: the (create_time, id) of the last row served plus a fingerprint
 * of the filter it was issued for, with a checksum. A token that was altered, or is replayed
 * with a different filter, is INVALID_ARGUMENT rather than a silently different page.
 */
public record PageToken(Instant createTime, UUID id, long filterFingerprint) {
    private static final byte VERSION = 1;
    private static final int LENGTH = 1 + 8 + 4 + 16 + 8 + 4;

    public String encode() {
        ByteBuffer buf = ByteBuffer.allocate(LENGTH);
        buf.put(VERSION).putLong(createTime.getEpochSecond()).putInt(createTime.getNano())
                .putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()).putLong(filterFingerprint);
        CRC32C crc = new CRC32C();
        crc.update(buf.array(), 0, LENGTH - 4);
        buf.putInt((int) crc.getValue());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(buf.array());
    }

    public static PageToken decode(String token, long expectedFingerprint) {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(token.getBytes(StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            throw invalid("is not a token this service issued");
        }
        if (bytes.length != LENGTH || bytes[0] != VERSION) {
            throw invalid("is not a token this service issued");
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, LENGTH - 4);
        ByteBuffer buf = ByteBuffer.wrap(bytes, 1, LENGTH - 1);
        Instant time = Instant.ofEpochSecond(buf.getLong(), buf.getInt());
        UUID id = new UUID(buf.getLong(), buf.getLong());
        long fingerprint = buf.getLong();
        if ((int) crc.getValue() != buf.getInt()) {
            throw invalid("was altered");
        }
        if (fingerprint != expectedFingerprint) {
            throw invalid("was issued for a different filter; send the same filter as the first page");
        }
        return new PageToken(time, id, fingerprint);
    }

    private static ServiceException invalid(String why) {
        return ServiceException.invalidArgument("page_token", why);
    }
}
