package io.shipwatch.platform.auth;

import io.grpc.Context;
import java.util.Objects;
import java.util.Set;

/** The authenticated caller of the current RPC: the token's subject and its roles. */
public record Principal(String subject, Set<Role> roles) {
    static final Context.Key<Principal> CONTEXT_KEY = Context.key("shipwatch-principal");

    public Principal {
        Objects.requireNonNull(subject, "subject");
        roles = Set.copyOf(roles);
    }

    /** The principal of the RPC running on this thread; fails if the call was not authenticated. */
    public static Principal current() {
        Principal principal = CONTEXT_KEY.get();
        if (principal == null) {
            throw new IllegalStateException("no authenticated principal in this call");
        }
        return principal;
    }

    /** Runs with the given principal as the current one (for tests and background work). */
    public Context attach(Context context) {
        return context.withValue(CONTEXT_KEY, this);
    }
}
