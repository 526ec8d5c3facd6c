package io.shipwatch.platform.grpc;

import io.shipwatch.platform.errors.ServiceException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.zip.CRC32C;

/**
 * The envelope of opaque tokens such as page tokens: a version byte, the payload and a
 * CRC-32C, base64url without padding. A token that was altered or not issued here is an
 * INVALID_ARGUMENT naming the request field, never a silently different answer.
 */
public final class OpaqueTokens {
    private OpaqueTokens() {
    }

    public static String encode(byte version, byte[] payload) {
        ByteBuffer buf = ByteBuffer.allocate(1 + payload.length + 4).put(version).put(payload);
        CRC32C crc = new CRC32C();
        crc.update(buf.array(), 0, 1 + payload.length);
        buf.putInt((int) crc.getValue());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(buf.array());
    }

    /** The payload of a token of this version and payload length, or INVALID_ARGUMENT on {@code field}. */
    public static ByteBuffer decode(String token, byte version, int payloadLength, String field) {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(token.getBytes(StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            throw ServiceException.invalidArgument(field, "is not a token this service issued");
        }
        if (bytes.length != 1 + payloadLength + 4 || bytes[0] != version) {
            throw ServiceException.invalidArgument(field, "is not a token this service issued");
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, 1 + payloadLength);
        if ((int) crc.getValue() != ByteBuffer.wrap(bytes, 1 + payloadLength, 4).getInt()) {
            throw ServiceException.invalidArgument(field, "was altered");
        }
        return ByteBuffer.wrap(Arrays.copyOfRange(bytes, 1, 1 + payloadLength));
    }
}
