package io.shipwatch.audit.domain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExportWriterTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static AuditEntry entry(String actor, Map<String, String> details) {
        NewAuditEntry c = new NewAuditEntry(actor, "deployment.created", UUID.randomUUID(), "check,out", "prod\n\"eu\"",
                "", "PENDING", Instant.parse("2026-03-04T05:06:07.123456Z"), "0af7651916cd43dd8448eb211c80319c",
                NewAuditEntry.details(details));
        return new AuditEntry(UUID.randomUUID(), 7, c, "k1", new byte[32]);
    }

    private static String write(ExportFormat format, List<AuditEntry> entries) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ExportWriter w = ExportWriter.of(format, out)) {
            for (AuditEntry e : entries) {
                w.write(e);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(strings = {"=HYPERLINK(\"http://x\")", "+1+1", "-2", "@SUM(A1)", "\tcmd"})
    void csvCells_thatStartLikeFormulas_areNeutralisedAndStillParse(String actor) throws Exception {
        String csv = write(ExportFormat.CSV, List.of(entry(actor, Map.of("k", "=1"))));
        List<CSVRecord> rows = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(csv)).getRecords();
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get("actor")).isEqualTo("'" + actor);
        assertThat(rows.get(0).get("service")).isEqualTo("check,out");
        assertThat(rows.get(0).get("environment")).isEqualTo("prod\n\"eu\"");
        assertThat(JSON.readTree(rows.get(0).get("details")).get("k").asText()).isEqualTo("=1");
        assertThat(csv).startsWith(String.join(",", ExportWriter.COLUMNS) + "\r\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"JSON", "NDJSON"})
    void json_parsesBackToTheSameFields(String format) throws Exception {
        AuditEntry e = entry("alice \"the\" \u00e9", Map.of("b", "2", "a", "1"));
        String text = write(ExportFormat.valueOf(format), List.of(e, e));
        List<JsonNode> nodes = format.equals("JSON")
                ? List.copyOf(JSON.readTree(text).valueStream().toList())
                : text.lines().map(l -> {
                    try {
                        return JSON.readTree(l);
                    } catch (Exception ex) {
                        throw new AssertionError(ex);
                    }
                }).toList();
        assertThat(nodes).hasSize(2);
        JsonNode n = nodes.get(0);
        assertThat(n.get("actor").asText()).isEqualTo("alice \"the\" \u00e9");
        assertThat(n.get("occurred_at").asText()).isEqualTo("2026-03-04T05:06:07.123456Z");
        assertThat(n.get("details").get("a").asText()).isEqualTo("1");
        assertThat(n.get("sequence").asLong()).isEqualTo(7);
        assertThat(n.get("hash").asText()).hasSize(64);
    }

    @ParameterizedTest
    @ValueSource(strings = {"JSON", "NDJSON", "CSV"})
    void emptyExport_isStillWellFormed(String format) throws Exception {
        String text = write(ExportFormat.valueOf(format), List.of());
        switch (format) {
            case "JSON" -> assertThat(text).isEqualTo("[]");
            case "NDJSON" -> assertThat(text).isEmpty();
            default -> assertThat(text).isEqualTo(String.join(",", ExportWriter.COLUMNS) + "\r\n");
        }
    }
}
