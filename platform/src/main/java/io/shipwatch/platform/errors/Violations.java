package io.shipwatch.platform.errors;

import java.util.ArrayList;
import java.util.List;

/** Collects every field violation of a request so the client learns all of them at once. */
public final class Violations {
    private final List<FieldViolation> found = new ArrayList<>();

    public Violations add(String field, String description) {
        found.add(new FieldViolation(field, description));
        return this;
    }

    public Violations check(boolean ok, String field, String description) {
        if (!ok) {
            add(field, description);
        }
        return this;
    }

    /** Adds a violation when the value is longer than max characters (code points). */
    public Violations maxLength(String value, int max, String field) {
        return check(value.codePointCount(0, value.length()) <= max, field,
                "must be at most " + max + " characters");
    }

    public int count() {
        return found.size();
    }

    public List<FieldViolation> list() {
        return List.copyOf(found);
    }

    /** Throws INVALID_ARGUMENT with every collected violation, if there is any. */
    public void throwIfAny() {
        if (!found.isEmpty()) {
            throw ServiceException.invalidArgument(list());
        }
    }
}
