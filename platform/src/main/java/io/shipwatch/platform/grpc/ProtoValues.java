package io.shipwatch.platform.grpc;

import com.google.protobuf.Timestamp;
import io.shipwatch.platform.errors.Violations;
import java.time.Instant;
import java.util.UUID;

/** Well-known proto values every service reads from requests, with bad input reported as field violations. */
public final class ProtoValues {
    private ProtoValues() {
    }

    /** Parses a UUID in its canonical 36-character form; anything else is a violation and yields null. */
    public static UUID uuid(String id, String field, String what, Violations v) {
        try {
            if (id.length() == 36) {
                UUID uuid = UUID.fromString(id);
                if (uuid.toString().equalsIgnoreCase(id)) {
                    return uuid;
                }
            }
        } catch (IllegalArgumentException ignored) {
            // reported below
        }
        v.add(field, "must be " + what + " (a UUID such as 0b7e4c1a-8d1e-4f7a-9c55-2f3a1e6b9d10)");
        return null;
    }

    /** A timestamp the client sent; values outside 1970..9999 are violations and yield null. */
    public static Instant instant(Timestamp t, String field, Violations v) {
        if (t.getSeconds() < 0 || t.getSeconds() > 253402300799L || t.getNanos() < 0 || t.getNanos() > 999_999_999) {
            v.add(field, "must be a timestamp between 1970-01-01 and 9999-12-31");
            return null;
        }
        return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
    }

    public static Timestamp timestamp(Instant i) {
        return Timestamp.newBuilder().setSeconds(i.getEpochSecond()).setNanos(i.getNano()).build();
    }
}
