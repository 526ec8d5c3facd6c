package io.shipwatch.audit.domain;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Writes entries one at a time in an export format, so an export of any size passes through
 * in constant memory. JSON goes through Jackson's generator (correct escaping); CSV follows
 * RFC 4180 (CRLF line ends; a field holding a comma, quote, CR or LF is quoted, its quotes
 * doubled). Both parse back with the standard readers (Jackson, commons-csv; see the tests).
 * CSV is written here rather than through commons-csv's printer, which examined every
 * character of every cell and was the largest cost of an export.
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
    static String detailsJson(Map<String, String> details) {
        JsonStringEncoder escape = JsonStringEncoder.getInstance();
        StringBuilder json = new StringBuilder(16 + details.size() * 24).append('{');
        for (Map.Entry<String, String> d : details.entrySet()) {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append('"');
            escape.quoteAsString(d.getKey(), json);
            json.append("\":\"");
            escape.quoteAsString(d.getValue(), json);
            json.append('"');
        }
        return json.append('}').toString();
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
        private final Writer out;
        private final StringBuilder row = new StringBuilder(512);

        Csv(OutputStream target) throws IOException {
            this.out = new BufferedWriter(new OutputStreamWriter(target, StandardCharsets.UTF_8), ExportOutput.CHUNK);
            for (int i = 0; i < COLUMNS.size(); i++) {
                cell(COLUMNS.get(i), i == 0);
            }
            endRow();
        }

        @Override
        public void write(AuditEntry e) throws IOException {
            NewAuditEntry c = e.content();
            cell(e.id().toString(), true);
            cell(Long.toString(e.sequence()), false);
            cell(neutralise(c.actor()), false);
            cell(neutralise(c.action()), false);
            cell(c.deploymentId() == null ? "" : c.deploymentId().toString(), false);
            cell(neutralise(c.service()), false);
            cell(neutralise(c.environment()), false);
            cell(neutralise(c.fromState()), false);
            cell(neutralise(c.toState()), false);
            cell(c.occurredAt().toString(), false);
            cell(neutralise(c.traceId()), false);
            cell(detailsJson(c.details()), false);
            cell(e.hashHex(), false);
            cell(neutralise(e.keyId()), false);
            endRow();
        }

        /** Appends one field, quoted (quotes doubled) when it holds a comma, quote, CR or LF. */
        private void cell(String value, boolean first) {
            if (!first) {
                row.append(',');
            }
            boolean quote = false;
            for (int i = 0; i < value.length() && !quote; i++) {
                char ch = value.charAt(i);
                quote = ch == ',' || ch == '"' || ch == '\r' || ch == '\n';
            }
            if (!quote) {
                row.append(value);
                return;
            }
            row.append('"');
            for (int i = 0; i < value.length(); i++) {
                char ch = value.charAt(i);
                if (ch == '"') {
                    row.append('"');
                }
                row.append(ch);
            }
            row.append('"');
        }

        private void endRow() throws IOException {
            row.append("\r\n");
            out.append(row);
            row.setLength(0);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
