package io.shipwatch.diagnostics.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RedactorTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "Authorization: Bearer abcdef0123456789.tokenvalue | abcdef0123456789",
        "connecting to postgres://app:s3cr3tP4ss@db:5432/shop | s3cr3tP4ss",
        "DB_PASSWORD=hunter2hunter2 loaded | hunter2hunter2",
        "api_key: 'sk_live_51Habcdefg' | sk_live_51Habcdefg",
        "token=ghp_ABCDEFGHIJKLMNOPQRSTUV | ghp_ABCDEFGHIJKLMNOPQRSTUV",
        "aws key AKIAIOSFODNN7EXAMPLE in env | AKIAIOSFODNN7EXAMPLE",
        "jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl seen | eyJzdWIiOiJhbGljZSJ9",
        "-----BEGIN RSA PRIVATE KEY----- MIIEpAIBAAKCAQEA -----END RSA PRIVATE KEY----- | MIIEpAIBAAKCAQEA",
        "\"client_secret\": \"9f8e7d6c5b4a\" | 9f8e7d6c5b4a",
    })
    void redact_removesTheSecret(String line, String secret) {
        String out = Redactor.redact(line);
        assertThat(out).doesNotContain(secret).contains(Redactor.MASK);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "java.net.UnknownHostException: orders-db",
        "GET /api/cart 200 12ms",
        "Readiness probe failed: HTTP probe failed with statuscode: 503",
    })
    void redact_leavesOrdinaryLinesAlone(String line) {
        assertThat(Redactor.redact(line)).isEqualTo(line);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"password=topsecret123 at startup"})
    void evidence_isRedactedWhenMade(String line) {
        assertThat(Evidence.logLine("logs", "p", 1, line).text()).doesNotContain("topsecret123");
        assertThat(Evidence.event("events", "p", "Failed", line).describe()).doesNotContain("topsecret123");
    }
}
