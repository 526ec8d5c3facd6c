package io.shipwatch.metrics.domain;

import java.io.ByteArrayOutputStream;

/** Unsigned LEB128 varints: the compact form rollup rows are stored in. */
public final class Bytes {
    private Bytes() {
    }

    /** Appends varints. */
    public static final class Writer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream(64);

        public Writer varint(long value) {
            if (value < 0) {
                throw new IllegalArgumentException("negative value " + value);
            }
            long v = value;
            while ((v & ~0x7FL) != 0) {
                out.write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            out.write((int) v);
            return this;
        }

        public byte[] toByteArray() {
            return out.toByteArray();
        }
    }

    /** Reads varints back. */
    public static final class Reader {
        private final byte[] bytes;
        private int at;

        public Reader(byte[] bytes) {
            this.bytes = bytes;
        }

        public long varint() {
            long value = 0;
            int shift = 0;
            while (true) {
                if (at >= bytes.length) {
                    throw new IllegalArgumentException("rollup bytes end inside a varint");
                }
                byte b = bytes[at++];
                value |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return value;
                }
                shift += 7;
            }
        }
    }
}
