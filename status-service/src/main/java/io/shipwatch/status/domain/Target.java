package io.shipwatch.status.domain;

/** Where a deployment runs, in the provider's own terms (see the proto for each provider's meaning). */
public record Target(Provider provider, String cluster, String namespace, String workload, String region) {
    public static final Target NONE = new Target(Provider.OTHER, "", "", "", "");
}
