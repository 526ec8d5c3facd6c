package io.shipwatch.diagnostics.domain;

import java.util.List;
import java.util.Optional;

/** Root causes remembered by evidence fingerprint (1 hour), so unchanged failures are answered at once. */
public interface ResultCache {
    Optional<List<Finding>> get(String fingerprint);

    void put(String fingerprint, List<Finding> rootCauses);
}
