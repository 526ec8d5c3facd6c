package io.shipwatch.audit.store;

import io.shipwatch.audit.domain.ExportRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Export records in this process: the store when no Redis is configured, and the stand-in
 * while a configured Redis is unreachable. Bounded in records and in stored bytes; the oldest
 * go first.
 */
public final class LocalExportRecords implements ExportRecords {
    static final int MAX_RECORDS = 1000;
    static final long MAX_BYTES = 64L * 1024 * 1024;

    private record Slot(ExportRecord record, byte[] bytes, Instant expires) {
    }

    private final Clock clock;
    private final Map<String, Slot> slots = new LinkedHashMap<>();
    private long storedBytes;

    public LocalExportRecords(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized Optional<ExportRecord> claim(String key, byte[] fingerprint, Duration pendingFor) {
        Slot slot = live(key);
        if (slot != null) {
            return Optional.of(slot.record());
        }
        put(key, new Slot(new ExportRecord(fingerprint, null), null, clock.instant().plus(pendingFor)));
        return Optional.empty();
    }

    @Override
    public synchronized void complete(String key, ExportRecord done, byte[] bytes, Duration ttl) {
        put(key, new Slot(done, bytes != null && bytes.length <= MAX_BYTES ? bytes : null, clock.instant().plus(ttl)));
    }

    @Override
    public synchronized Optional<byte[]> bytes(String key) {
        Slot slot = live(key);
        return slot == null ? Optional.empty() : Optional.ofNullable(slot.bytes());
    }

    /** The record of a finished export under the key, if this process holds one. */
    public synchronized Optional<ExportRecord> finished(String key) {
        Slot slot = live(key);
        return slot != null && slot.record().done() ? Optional.of(slot.record()) : Optional.empty();
    }

    @Override
    public synchronized void release(String key) {
        remove(key);
    }

    private Slot live(String key) {
        Slot slot = slots.get(key);
        if (slot != null && !slot.expires().isAfter(clock.instant())) {
            remove(key);
            return null;
        }
        return slot;
    }

    private void put(String key, Slot slot) {
        remove(key);
        slots.put(key, slot);
        storedBytes += slot.bytes() == null ? 0 : slot.bytes().length;
        Iterator<Map.Entry<String, Slot>> oldest = slots.entrySet().iterator();
        while ((slots.size() > MAX_RECORDS || storedBytes > MAX_BYTES) && oldest.hasNext()) {
            Slot evicted = oldest.next().getValue();
            storedBytes -= evicted.bytes() == null ? 0 : evicted.bytes().length;
            oldest.remove();
        }
    }

    private void remove(String key) {
        Slot old = slots.remove(key);
        if (old != null && old.bytes() != null) {
            storedBytes -= old.bytes().length;
        }
    }
}
