package io.shipwatch.diagnostics.domain;

/** How bad a finding is; ordered from least to most severe. */
public enum Severity {
    INFO, WARNING, ERROR, CRITICAL
}
