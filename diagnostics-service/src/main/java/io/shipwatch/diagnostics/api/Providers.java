package io.shipwatch.diagnostics.api;

import io.shipwatch.diagnostics.domain.PlatformProvider;
import io.shipwatch.platform.errors.ServiceException;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The configured providers by name ("kubernetes", later "ecs", "cloud-run"). */
@Singleton
public class Providers {
    private final Map<String, PlatformProvider> byName;

    public Providers(List<PlatformProvider> providers) {
        this.byName = providers.stream().collect(Collectors.toUnmodifiableMap(PlatformProvider::name, Function.identity()));
    }

    /** The provider for a target's platform; FAILED_PRECONDITION when this instance has none. */
    public PlatformProvider get(String name) {
        PlatformProvider p = byName.get(name);
        if (p == null) {
            throw ServiceException.failedPrecondition("PROVIDER_NOT_CONFIGURED",
                    "no provider for platform " + name + " is configured on this instance (configured: "
                            + (byName.isEmpty() ? "none" : String.join(", ", byName.keySet())) + ")",
                    Map.of("provider", name));
        }
        return p;
    }
}
