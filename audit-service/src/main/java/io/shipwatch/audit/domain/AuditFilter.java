package io.shipwatch.audit.domain;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.zip.CRC32C;

/**
 * Which entries a list or export selects; empty strings and nulls mean "any". Deployment ids
 * (at most 1000) select entries of those deployments.
 */
public record AuditFilter(String actor, String action, List<UUID> deploymentIds, String service, String environment,
                          Instant occurredAfter, Instant occurredBefore) {
    public static final int DEFAULT_PAGE_SIZE = 50;
    public static final int MAX_PAGE_SIZE = 1000;
    public static final AuditFilter ALL = new AuditFilter("", "", List.of(), "", "", null, null);

    public AuditFilter {
        actor = Objects.requireNonNullElse(actor, "");
        action = Objects.requireNonNullElse(action, "");
        deploymentIds = List.copyOf(deploymentIds);
        service = Objects.requireNonNullElse(service, "");
        environment = Objects.requireNonNullElse(environment, "");
    }

    public static int effectivePageSize(int requested) {
        return requested == 0 ? DEFAULT_PAGE_SIZE : Math.min(requested, MAX_PAGE_SIZE);
    }

    /** A checksum of the filter, so a page token is only accepted with the filter it was issued for. */
    public long fingerprint() {
        CRC32C crc = new CRC32C();
        for (Object part : List.of(actor, action, service, environment, String.valueOf(occurredAfter),
                String.valueOf(occurredBefore), ids(deploymentIds))) {
            byte[] b = part.toString().getBytes(StandardCharsets.UTF_8);
            crc.update(b.length);
            crc.update(b);
        }
        return crc.getValue();
    }

    private static String ids(Collection<UUID> ids) {
        StringBuilder s = new StringBuilder();
        ids.forEach(id -> s.append(id).append(','));
        return s.toString();
    }
}
