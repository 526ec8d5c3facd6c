package io.shipwatch.platform.errors;

import java.util.Objects;

/** One problem with one request field, as google.rpc.BadRequest.FieldViolation reports it. */
public record FieldViolation(String field, String description) {
    public FieldViolation {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(description, "description");
    }
}
