package io.shipwatch.platform.grpc;

import io.grpc.BindableService;
import io.grpc.ServerInterceptor;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.micronaut.grpc.server.interceptor.OrderedServerInterceptor;
import io.shipwatch.platform.auth.AuthInterceptor;
import io.shipwatch.platform.auth.AuthSettings;
import io.shipwatch.platform.auth.JwtVerifier;
import io.shipwatch.platform.auth.RpcPolicy;
import io.shipwatch.platform.errors.ErrorMappingInterceptor;
import io.shipwatch.platform.errors.GrpcErrors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The gRPC server pieces every service shares. Interceptors run outermost first:
 * tracing, then error mapping, then deadlines, then authentication, so even a refused
 * call has a span and every failure leaves through the one error mapping.
 */
@Factory
public class GrpcServerFactory {
    static final int ERRORS_ORDER = -200;
    static final int DEADLINE_ORDER = -150;
    static final int AUTH_ORDER = -100;

    @Singleton
    GrpcErrors grpcErrors(@Value("${shipwatch.error-domain:shipwatch.io}") String domain) {
        return new GrpcErrors(domain);
    }

    @Singleton
    @Named("errors")
    ServerInterceptor errorInterceptor(GrpcErrors errors) {
        return new OrderedServerInterceptor(new ErrorMappingInterceptor(errors), ERRORS_ORDER);
    }

    @Singleton
    @Named("deadlines")
    ServerInterceptor deadlineInterceptor(@Value("${shipwatch.grpc.max-unary-deadline:30s}") Duration maxUnary) {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "deadline-timer");
            t.setDaemon(true);
            return t;
        });
        return new OrderedServerInterceptor(new DeadlineInterceptor(maxUnary, scheduler), DEADLINE_ORDER);
    }

    @Singleton
    JwtVerifier jwtVerifier(@Value("${shipwatch.auth.hs256-secret:}") String hs256Secret,
                            @Value("${shipwatch.auth.rs256-public-key:}") String rs256PublicKey,
                            @Value("${shipwatch.auth.issuer:}") String issuer,
                            @Value("${shipwatch.auth.audience:}") String audience) {
        return new JwtVerifier(new AuthSettings(hs256Secret, rs256PublicKey, issuer, audience, Duration.ofSeconds(30)),
                Clock.systemUTC());
    }

    @Singleton
    @Named("auth")
    ServerInterceptor authInterceptor(JwtVerifier verifier, List<RpcPolicy> policies) {
        return new OrderedServerInterceptor(new AuthInterceptor(verifier, policies), AUTH_ORDER);
    }

    /** Server reflection, always on: grpcurl and buf curl discover every service through it. */
    @Singleton
    @Named("reflection")
    BindableService reflection() {
        return ProtoReflectionServiceV1.newInstance();
    }

    @Singleton
    ActiveStreams activeStreams(@Value("${shipwatch.grpc.max-streams:512}") int maxStreams) {
        return new ActiveStreams(maxStreams);
    }
}
