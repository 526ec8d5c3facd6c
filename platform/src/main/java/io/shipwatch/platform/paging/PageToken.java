package io.shipwatch.platform.paging;

import io.shipwatch.platform.errors.ServiceException;
import io.shipwatch.platform.grpc.OpaqueTokens;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.UUID;

/**
 * An opaque keyset cursor: the (create_time, id) of the last row served plus a fingerprint
 * of the filter it was issued for, in the platform's checksummed envelope. A token that was
 * altered, or is replayed with a different filter, is INVALID_ARGUMENT rather than a silently
 * different page.
 */
public record PageToken(Instant createTime, UUID id, long filterFingerprint) {
    private static final byte VERSION = 1;
    private static final int PAYLOAD = 8 + 4 + 16 + 8;

    public String encode() {
        return OpaqueTokens.encode(VERSION, ByteBuffer.allocate(PAYLOAD).putLong(createTime.getEpochSecond())
                .putInt(createTime.getNano()).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits())
                .putLong(filterFingerprint).array());
    }

    public static PageToken decode(String token, long expectedFingerprint) {
        ByteBuffer payload = OpaqueTokens.decode(token, VERSION, PAYLOAD, "page_token");
        Instant time = Instant.ofEpochSecond(payload.getLong(), payload.getInt());
        UUID id = new UUID(payload.getLong(), payload.getLong());
        long fingerprint = payload.getLong();
        if (fingerprint != expectedFingerprint) {
            throw ServiceException.invalidArgument("page_token",
                    "was issued for a different filter; send the same filter as the first page");
        }
        return new PageToken(time, id, fingerprint);
    }
}
