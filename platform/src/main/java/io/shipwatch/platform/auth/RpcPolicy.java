package io.shipwatch.platform.auth;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which roles may call which RPC, by full method name ("pkg.Service/Method"). Each service
 * declares one; a method that is in no policy is denied, so a new RPC cannot ship open by
 * accident. Health and reflection are public and need no entry.
 */
public interface RpcPolicy {
    Map<String, Set<Role>> requiredRoles();

    default Optional<Set<Role>> rolesFor(String fullMethodName) {
        return Optional.ofNullable(requiredRoles().get(fullMethodName));
    }
}
