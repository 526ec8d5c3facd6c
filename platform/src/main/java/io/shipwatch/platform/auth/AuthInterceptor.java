package io.shipwatch.platform.auth;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Authenticates every call with a bearer JWT and checks the role the RPC requires.
 * No or bad token is UNAUTHENTICATED; a valid token without the role is PERMISSION_DENIED,
 * decided before the handler looks anything up (permission before existence).
 */
public final class AuthInterceptor implements ServerInterceptor {
    static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final Set<String> PUBLIC_SERVICES = Set.of(
            "grpc.health.v1.Health",
            "grpc.reflection.v1.ServerReflection",
            "grpc.reflection.v1alpha.ServerReflection");

    private final JwtVerifier verifier;
    private final List<RpcPolicy> policies;

    public AuthInterceptor(JwtVerifier verifier, List<RpcPolicy> policies) {
        this.verifier = verifier;
        this.policies = List.copyOf(policies);
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                      ServerCallHandler<Q, R> next) {
        String method = call.getMethodDescriptor().getFullMethodName();
        if (PUBLIC_SERVICES.contains(call.getMethodDescriptor().getServiceName())) {
            return next.startCall(call, headers);
        }
        String header = headers.get(AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return refuse(call, Status.UNAUTHENTICATED.withDescription(
                    "missing bearer token: send metadata 'authorization: Bearer <jwt>'"));
        }
        Principal principal;
        try {
            principal = verifier.verify(header.substring(7).trim());
        } catch (JwtVerifier.InvalidTokenException e) {
            return refuse(call, Status.UNAUTHENTICATED.withDescription(e.getMessage()));
        }
        Optional<Set<Role>> required = rolesFor(method);
        if (required.isEmpty() || !Role.anyGrants(principal.roles(), required.get())) {
            String needed = required.map(Object::toString).orElse("(no role may call it)");
            return refuse(call, Status.PERMISSION_DENIED.withDescription(
                    method + " requires one of " + needed.toLowerCase() + "; the token has " + principal.roles().toString().toLowerCase()));
        }
        Context context = principal.attach(Context.current());
        return Contexts.interceptCall(context, call, headers, next);
    }

    private Optional<Set<Role>> rolesFor(String method) {
        for (RpcPolicy policy : policies) {
            Optional<Set<Role>> roles = policy.rolesFor(method);
            if (roles.isPresent()) {
                return roles;
            }
        }
        return Optional.empty();
    }

    private static <Q, R> ServerCall.Listener<Q> refuse(ServerCall<Q, R> call, Status status) {
        call.close(status, new Metadata());
        return new ServerCall.Listener<>() { };
    }
}
