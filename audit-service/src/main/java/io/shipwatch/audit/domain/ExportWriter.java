package io.shipwatch.audit.domain;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Writes entries one at a time in an export format, so an export of any size passes through
 * in constant memory. JSON goes through Jackson's generator (correct escaping), CSV through
 * commons-csv's RFC 4180 printer (CRLF, quoting), both parseable by the standard readers.
 */
public abstract class ExportWriter implements Closeable {
    /** Columns of the CSV header, and the keys of every JSON object, in this order. */
    public static final List<String> COLUMNS = List.of("id", "sequence", "actor", "action", "deployment_id", "service",
            "environment", "from_state", "to_state", "occurred_at", "trace_id", "details", "hash", "key_id");
    private static final JsonFactory JSON = new JsonFactory();

    public abstract void write(AuditEntry e) throws IOException;

    public static ExportWriter of(ExportFormat format, OutputStream out) throws IOException {
        return switch (format) {
            case JSON -> new Json(out, true);
            case NDJSON -> new Json(out, false);
            case CSV -> new Csv(out);
        };
    }

    /** Prefixes a cell that a spreadsheet would run as a formula (=, +, -, @, tab, CR) with a quote. */
    public static String neutralise(String cell) {
        if (!cell.isEmpty()) {
            char c = cell.charAt(0);
            if (c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r') {
                return "'" + cell;
            }
        }
        return cell;
    }

    /** The details as one compact JSON object (the CSV cell). */
    static String detailsJson(Map<String, String> details) throws IOException {
        java.io.StringWriter s = new java.io.StringWriter();
        try (JsonGenerator g = JSON.createGenerator(s)) {
            writeDetails(g, details);
        }
        return s.toString();
    }

    private static void writeDetails(JsonGenerator g, Map<String, String> details) throws IOException {
        g.writeStartObject();
        for (Map.Entry<String, String> d : details.entrySet()) {
            g.writeStringField(d.getKey(), d.getValue());
        }
        g.writeEndObject();
    }

    private static final class Json extends ExportWriter {
        private final JsonGenerator g;
        private final boolean array;
        private boolean any;

        Json(OutputStream out, boolean array) throws IOException {
            this.g = JSON.createGenerator(out, JsonEncoding.UTF8);
            this.array = array;
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            if (array) {
                g.writeStartArray();
            } else {
                g.setPrettyPrinter(new MinimalPrettyPrinter("\n"));
            }
        }

        @Override
        public void write(AuditEntry e) throws IOException {
            NewAuditEntry c = e.content();
            any = true;
            g.writeStartObject();
            g.writeStringField("id", e.id().toString());
            g.writeNumberField("sequence", e.sequence());
            g.writeStringField("actor", c.actor());
            g.writeStringField("action", c.action());
            g.writeStringField("deployment_id", c.deploymentId() == null ? "" : c.deploymentId().toString());
            g.writeStringField("service", c.service());
            g.writeStringField("environment", c.environment());
            g.writeStringField("from_state", c.fromState());
            g.writeStringField("to_state", c.toState());
            g.writeStringField("occurred_at", c.occurredAt().toString());
            g.writeStringField("trace_id", c.traceId());
            g.writeFieldName("details");
            writeDetails(g, c.details());
            g.writeStringField("hash", e.hashHex());
            g.writeStringField("key_id", e.keyId());
            g.writeEndObject();
        }

        @Override
        public void close() throws IOException {
            if (array) {
                g.writeEndArray();
            } else if (any) {
                g.writeRaw('\n');
            }
            g.close();
        }
    }

    private static final class Csv extends ExportWriter {
        private final CSVPrinter printer;

        Csv(OutputStream out) throws IOException {
            this.printer = new CSVPrinter(new OutputStreamWriter(out, StandardCharsets.UTF_8),
                    CSVFormat.RFC4180.builder().setHeader(COLUMNS.toArray(String[]::new)).setAutoFlush(false).get());
        }

        @Override
        public void write(AuditEntry e) throws IOException {
            NewAuditEntry c = e.content();
            printer.printRecord(
                    e.id().toString(),
                    Long.toString(e.sequence()),
                    neutralise(c.actor()),
                    neutralise(c.action()),
                    c.deploymentId() == null ? "" : c.deploymentId().toString(),
                    neutralise(c.service()),
                    neutralise(c.environment()),
                    neutralise(c.fromState()),
                    neutralise(c.toState()),
                    c.occurredAt().toString(),
                    neutralise(c.traceId()),
                    detailsJson(c.details()),
                    e.hashHex(),
                    neutralise(e.keyId()));
        }

        @Override
        public void close() throws IOException {
            printer.close(true);
        }
    }
}
