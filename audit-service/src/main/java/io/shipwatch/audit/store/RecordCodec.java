package io.shipwatch.audit.store;

import io.shipwatch.audit.domain.ChainAnchor;
import io.shipwatch.audit.domain.ExportRecord;
import io.shipwatch.audit.domain.ExportResult;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** The bytes of an {@link ExportRecord} in Redis: fingerprint, then the result when done. */
final class RecordCodec {
    private static final byte PENDING = 1;
    private static final byte DONE = 2;

    private RecordCodec() {
    }

    static byte[] encode(ExportRecord r) {
        byte[] fp = r.fingerprint();
        if (!r.done()) {
            return ByteBuffer.allocate(1 + 4 + fp.length).put(PENDING).putInt(fp.length).put(fp).array();
        }
        ExportResult res = r.result();
        byte[] sha = res.sha256().getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(1 + 4 + fp.length + 8 + 8 + 4 + sha.length + 8 + 32)
                .put(DONE).putInt(fp.length).put(fp)
                .putLong(res.eventCount()).putLong(res.byteCount()).putInt(sha.length).put(sha)
                .putLong(res.head().sequence()).put(res.head().hash()).array();
    }

    static ExportRecord decode(byte[] bytes) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        byte kind = buf.get();
        byte[] fp = new byte[buf.getInt()];
        buf.get(fp);
        if (kind == PENDING) {
            return new ExportRecord(fp, null);
        }
        long events = buf.getLong();
        long size = buf.getLong();
        byte[] sha = new byte[buf.getInt()];
        buf.get(sha);
        long headSequence = buf.getLong();
        byte[] headHash = new byte[32];
        buf.get(headHash);
        return new ExportRecord(fp, new ExportResult(events, size, new String(sha, StandardCharsets.US_ASCII),
                new ChainAnchor(headSequence, headHash)));
    }
}
