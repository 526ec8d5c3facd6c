package io.shipwatch.audit.store;

import io.micronaut.context.annotation.Value;
import io.shipwatch.audit.domain.AuditEntry;
import io.shipwatch.audit.domain.AuditFilter;
import io.shipwatch.audit.domain.ChainAnchor;
import io.shipwatch.audit.domain.ExportFormat;
import io.shipwatch.audit.domain.ExportOutput;
import io.shipwatch.audit.domain.ExportRecord;
import io.shipwatch.audit.domain.ExportResult;
import io.shipwatch.audit.domain.ExportWriter;
import io.shipwatch.platform.db.Transactions;
import io.shipwatch.platform.errors.ErrorKind;
import io.shipwatch.platform.errors.ServiceException;
import jakarta.inject.Singleton;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;

/**
 * Runs exports: entries are read in keyset batches up to the chain head taken at the start
 * (so an export is a fixed cut of the log), written through the format's writer and, when
 * asked, gzip, into chunks handed to the sink as they fill. Memory holds one batch and one
 * chunk whatever the export's size. With an idempotency key, the work is done once per key
 * and repeats return the same bytes (see {@link ExportRecords}).
 */
@Singleton
public class AuditExports {
    /** Entries per keyset statement: 10,000 entries take three reads. */
    public static final int BATCH = 5000;
    /** The most entries one export may hold; narrow the filter beyond that. */
    public static final long MAX_EVENTS = 10_000_000;
    static final Duration PENDING_FOR = Duration.ofMinutes(10);
    static final Duration WAIT_FOR_OTHER = Duration.ofMinutes(2);

    private final Transactions tx;
    private final AuditStore store;
    private final ExportRecords records;
    private final long maxStoredBytes;
    private final Duration ttl;

    public AuditExports(Transactions tx, AuditStore store, ExportRecords records,
                        @Value("${shipwatch.audit.export.max-stored-bytes:8388608}") long maxStoredBytes,
                        @Value("${shipwatch.audit.export.idempotency-ttl:24h}") Duration ttl) {
        this.tx = tx;
        this.store = store;
        this.records = records;
        this.maxStoredBytes = maxStoredBytes;
        this.ttl = ttl;
    }

    /** What to export. */
    public record Spec(AuditFilter filter, ExportFormat format, boolean gzip) {
    }

    /** Exports without idempotency. */
    public ExportResult export(Spec spec, ExportOutput.Sink sink) {
        return run(spec, null, sink);
    }

    /**
     * Exports under an idempotency key: the first call with the key does the work and records
     * it; calls with the same fingerprint wait for it and then return the same bytes; another
     * fingerprint is INVALID_ARGUMENT.
     */
    public ExportResult export(Spec spec, String key, byte[] fingerprint, ExportOutput.Sink sink) throws InterruptedException {
        long waitUntil = System.nanoTime() + WAIT_FOR_OTHER.toNanos();
        long pause = 10;
        while (true) {
            Optional<ExportRecord> existing = records.claim(key, fingerprint, PENDING_FOR);
            if (existing.isEmpty()) {
                return runAndRecord(spec, key, fingerprint, sink);
            }
            ExportRecord record = existing.get();
            if (!record.sameRequest(fingerprint)) {
                throw new ServiceException(ErrorKind.INVALID_ARGUMENT, "IDEMPOTENCY_KEY_REUSED",
                        "idempotency_key was used for a different export request; use a new key",
                        Map.of("idempotency_key", key), List.of(new io.shipwatch.platform.errors.FieldViolation(
                                "idempotency_key", "was used for a different export request within 24 hours")));
            }
            if (record.done()) {
                return replay(spec, key, record.result(), sink);
            }
            if (System.nanoTime() > waitUntil) {
                throw ServiceException.aborted("EXPORT_IN_PROGRESS",
                        "an export with this idempotency_key is still running; retry later", Map.of("idempotency_key", key));
            }
            Thread.sleep(pause);
            pause = Math.min(pause * 2, 250);
        }
    }

    private ExportResult runAndRecord(Spec spec, String key, byte[] fingerprint, ExportOutput.Sink sink) {
        Capture capture = new Capture(maxStoredBytes);
        try {
            ExportResult result = run(spec, null, data -> {
                capture.add(data);
                sink.chunk(data);
            });
            records.complete(key, new ExportRecord(fingerprint, result), capture.bytes(), ttl);
            return result;
        } catch (RuntimeException e) {
            records.release(key);
            throw e;
        }
    }

    private ExportResult replay(Spec spec, String key, ExportResult recorded, ExportOutput.Sink sink) {
        Optional<byte[]> stored = records.bytes(key);
        if (stored.isPresent() && stored.get().length == recorded.byteCount()) {
            try (ExportOutput out = new ExportOutput(sink)) {
                out.write(stored.get());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return recorded;
        }
        ExportResult again = run(spec, recorded.head(), sink);
        if (!again.sha256().equals(recorded.sha256())) {
            throw ServiceException.failedPrecondition("EXPORT_NOT_REPRODUCIBLE",
                    "the entries of this export changed since it was first made (retention or tampering); "
                            + "run VerifyAuditChain, and export with a new idempotency_key", Map.of("idempotency_key", key));
        }
        return again;
    }

    /** Exports the entries up to {@code cut} (null: the head as it is now). */
    private ExportResult run(Spec spec, ChainAnchor cut, ExportOutput.Sink sink) {
        ChainAnchor head = cut != null ? cut : tx.read(store::state).head();
        ExportOutput bytes = new ExportOutput(sink);
        long events = 0;
        try {
            OutputStream target = spec.gzip() ? new GZIPOutputStream(bytes, ExportOutput.CHUNK) : bytes;
            try (ExportWriter writer = ExportWriter.of(spec.format(), target)) {
                long cursor = 0;
                while (true) {
                    long after = cursor;
                    List<AuditEntry> batch = tx.read(c -> store.page(c, spec.filter(), after, head.sequence(), BATCH));
                    for (AuditEntry e : batch) {
                        writer.write(e);
                    }
                    events += batch.size();
                    if (events > MAX_EVENTS) {
                        throw ServiceException.failedPrecondition("EXPORT_TOO_LARGE", "an export holds at most "
                                + MAX_EVENTS + " entries; narrow the filter or the time range", Map.of());
                    }
                    if (batch.size() < BATCH) {
                        break;
                    }
                    cursor = batch.get(batch.size() - 1).sequence();
                }
            }
            target.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ExportResult(events, bytes.byteCount(), bytes.sha256Hex(), head);
    }

    /** Keeps a copy of an export's bytes while it stays under the limit. */
    private static final class Capture {
        private final long limit;
        private ByteArrayOutputStream copy = new ByteArrayOutputStream();

        Capture(long limit) {
            this.limit = limit;
        }

        void add(byte[] data) {
            if (copy != null && copy.size() + (long) data.length <= limit) {
                copy.writeBytes(data);
            } else {
                copy = null;
            }
        }

        byte[] bytes() {
            return copy == null ? null : copy.toByteArray();
        }
    }
}
