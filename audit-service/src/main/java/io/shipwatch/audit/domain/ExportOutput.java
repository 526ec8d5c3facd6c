package io.shipwatch.audit.domain;

import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The byte side of an export: counts and hashes every byte and hands them on in chunks of at
 * most {@link #CHUNK} bytes, so the summary describes exactly what the client received and
 * memory holds one chunk at a time.
 */
public final class ExportOutput extends OutputStream {
    public static final int CHUNK = 64 * 1024;

    /** Receives each full chunk; blocks while the client is not ready. */
    @FunctionalInterface
    public interface Sink {
        void chunk(byte[] data) throws IOException;
    }

    private final Sink sink;
    private final MessageDigest sha256;
    private final byte[] buffer = new byte[CHUNK];
    private int filled;
    private long count;

    public ExportOutput(Sink sink) {
        this.sink = sink;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void write(int b) throws IOException {
        if (filled == CHUNK) {
            flushChunk();
        }
        buffer[filled++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (filled == CHUNK) {
                flushChunk();
            }
            int n = Math.min(len, CHUNK - filled);
            System.arraycopy(b, off, buffer, filled, n);
            filled += n;
            off += n;
            len -= n;
        }
    }

    /** Sends what is buffered; call once at the end (close does too). */
    @Override
    public void close() throws IOException {
        if (filled > 0) {
            flushChunk();
        }
    }

    public long byteCount() {
        return count;
    }

    /** SHA-256 of every byte written, hex; call after {@link #close}. */
    public String sha256Hex() {
        return HexFormat.of().formatHex(sha256.digest());
    }

    private void flushChunk() throws IOException {
        byte[] data = Arrays.copyOf(buffer, filled);
        sha256.update(data);
        count += filled;
        filled = 0;
        sink.chunk(data);
    }
}
