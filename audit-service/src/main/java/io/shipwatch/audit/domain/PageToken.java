package io.shipwatch.audit.domain;

import io.shipwatch.platform.errors.ServiceException;
import io.shipwatch.platform.grpc.OpaqueTokens;
import java.nio.ByteBuffer;

/**
 * An opaque keyset cursor over the chain: the last sequence served and the fingerprint of the
 * filter it was issued for. An altered token, or one replayed with another filter, is
 * INVALID_ARGUMENT rather than a silently different page.
 */
public record PageToken(long afterSequence, long filterFingerprint) {
    private static final byte VERSION = 1;
    private static final int PAYLOAD = 8 + 8;

    public String encode() {
        return OpaqueTokens.encode(VERSION, ByteBuffer.allocate(PAYLOAD).putLong(afterSequence).putLong(filterFingerprint).array());
    }

    public static PageToken decode(String token, long expectedFingerprint) {
        ByteBuffer payload = OpaqueTokens.decode(token, VERSION, PAYLOAD, "page_token");
        long after = payload.getLong();
        long fingerprint = payload.getLong();
        if (fingerprint != expectedFingerprint) {
            throw ServiceException.invalidArgument("page_token",
                    "was issued for a different filter; send the same filter as the first page");
        }
        return new PageToken(after, fingerprint);
    }
}
