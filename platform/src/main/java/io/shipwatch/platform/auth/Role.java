package io.shipwatch.platform.auth;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The roles a token can carry. viewer reads; deployer, operator and auditor each add one
 * kind of write on top of viewer; service is for calls between services (StreamEvents,
 * appending audit events) and may also read.
 */
public enum Role {
    VIEWER,
    DEPLOYER,
    OPERATOR,
    AUDITOR,
    SERVICE;

    /** True when a holder of this role may call an RPC that requires {@code required}. */
    public boolean grants(Role required) {
        return this == required || (required == VIEWER && this != VIEWER);
    }

    /** True when any of the held roles grants one of the required roles. */
    public static boolean anyGrants(Set<Role> held, Set<Role> required) {
        for (Role h : held) {
            for (Role r : required) {
                if (h.grants(r)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The name used in tokens: lower case. */
    public String claimValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> fromClaim(String value) {
        for (Role role : values()) {
            if (role.claimValue().equals(value)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
