package io.shipwatch.status.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** The filters of ListDeployments; empty strings and sets mean "any". */
public record DeploymentFilter(String service, String environment, Set<DeploymentState> states,
                               Map<String, String> labels, Instant createdAfter, Instant createdBefore) {
    public static final int DEFAULT_PAGE_SIZE = 50;
    public static final int MAX_PAGE_SIZE = 1000;

    public DeploymentFilter {
        states = Set.copyOf(states);
        labels = Map.copyOf(labels);
    }

    /** A stable fingerprint of the filter, bound into page tokens. */
    public long fingerprint() {
        StringBuilder s = new StringBuilder()
                .append(service).append('\u0000').append(environment).append('\u0000')
                .append(new TreeSet<>(states.stream().map(Enum::name).toList())).append('\u0000')
                .append(new TreeMap<>(labels)).append('\u0000')
                .append(createdAfter).append('\u0000').append(createdBefore);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(s.toString().getBytes(StandardCharsets.UTF_8));
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (digest[i] & 0xff);
            }
            return v;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** 0 means the default, above the max means the max; negative is rejected by the caller. */
    public static int effectivePageSize(int requested) {
        return requested == 0 ? DEFAULT_PAGE_SIZE : Math.min(requested, MAX_PAGE_SIZE);
    }
}
