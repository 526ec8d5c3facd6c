-- One row per diagnosis (RunDiagnostics session or AnalyzeLogs stream). The report itself is
-- stored as its protobuf encoding (already redacted); the columns beside it are what queries use.
CREATE TABLE diagnostic_report (
    id            uuid PRIMARY KEY,
    deployment_id uuid,
    source        text        NOT NULL,
    top_pattern   text,
    fingerprint   text        NOT NULL,
    created_by    text        NOT NULL,
    created_at    timestamptz NOT NULL,
    report        bytea       NOT NULL
);

-- ListDiagnosticReports: newest first, keyset (created_at, id), optionally per deployment.
CREATE INDEX diagnostic_report_created ON diagnostic_report (created_at DESC, id DESC);
CREATE INDEX diagnostic_report_deployment ON diagnostic_report (deployment_id, created_at DESC, id DESC)
    WHERE deployment_id IS NOT NULL;
