package io.shipwatch.platform.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.CallOptions;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.ServerCalls;
import io.shipwatch.platform.testing.TestMethods;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AuthInterceptorTest {
    private static final String SECRET = "0123456789abcdef0123456789abcdef-test";
    private final MethodDescriptor<String, String> read = method("test.Things/Read");
    private final MethodDescriptor<String, String> write = method("test.Things/Write");
    private final MethodDescriptor<String, String> unlisted = method("test.Things/Unlisted");
    private final AtomicReference<Principal> seen = new AtomicReference<>();
    private Server server;
    private ManagedChannel channel;

    @BeforeEach
    void start() throws Exception {
        RpcPolicy policy = () -> Map.of(
                read.getFullMethodName(), Set.of(Role.VIEWER),
                write.getFullMethodName(), Set.of(Role.DEPLOYER));
        JwtVerifier verifier = new JwtVerifier(new AuthSettings(SECRET, null, null, null, null), Clock.systemUTC());
        ServerServiceDefinition service = ServerServiceDefinition.builder("test.Things")
                .addMethod(read, handler()).addMethod(write, handler()).addMethod(unlisted, handler()).build();
        String name = InProcessServerBuilder.generateName();
        server = InProcessServerBuilder.forName(name).directExecutor()
                .addService(ServerInterceptors.intercept(service, new AuthInterceptor(verifier, List.of(policy))))
                .build().start();
        channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    }

    @AfterEach
    void stop() {
        channel.shutdownNow();
        server.shutdownNow();
    }

    @Test
    void noToken_isUnauthenticated() {
        assertThatThrownBy(() -> call(read, null)).isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
    }

    @Test
    void tokenSignedWithAnotherSecret_isUnauthenticated() {
        String forged = DevTokens.issue("another-secret-that-is-32-bytes-long!!", "mallory", List.of(Role.DEPLOYER), Duration.ofMinutes(5));
        assertThatThrownBy(() -> call(read, forged)).isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
    }

    @Test
    void expiredToken_isUnauthenticated() {
        String expired = DevTokens.issue(SECRET, "alice", List.of(Role.VIEWER), Duration.ofMinutes(-5));
        assertThatThrownBy(() -> call(read, expired)).isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getDescription()).isEqualTo("token expired"));
    }

    @Test
    void viewer_mayReadButNotWrite() {
        String viewer = DevTokens.issue(SECRET, "alice", List.of(Role.VIEWER), Duration.ofMinutes(5));
        call(read, viewer);
        assertThat(seen.get()).isEqualTo(new Principal("alice", Set.of(Role.VIEWER)));
        assertThatThrownBy(() -> call(write, viewer)).isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
    }

    @Test
    void deployer_mayReadAndWrite() {
        String deployer = DevTokens.issue(SECRET, "ci-bot", List.of(Role.DEPLOYER), Duration.ofMinutes(5));
        call(read, deployer);
        call(write, deployer);
        assertThat(seen.get().subject()).isEqualTo("ci-bot");
    }

    @Test
    void methodInNoPolicy_isDeniedEvenToService() {
        String service = DevTokens.issue(SECRET, "svc", List.of(Role.SERVICE), Duration.ofMinutes(5));
        assertThatThrownBy(() -> call(unlisted, service)).isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
    }

    private void call(MethodDescriptor<String, String> method, String token) {
        Metadata headers = new Metadata();
        if (token != null) {
            headers.put(AuthInterceptor.AUTHORIZATION, "Bearer " + token);
        }
        ClientCalls.blockingUnaryCall(
                ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers)),
                method, CallOptions.DEFAULT, "request");
    }

    private io.grpc.ServerCallHandler<String, String> handler() {
        return ServerCalls.asyncUnaryCall((request, observer) -> {
            seen.set(Principal.current());
            observer.onNext("ok");
            observer.onCompleted();
        });
    }

    private static MethodDescriptor<String, String> method(String fullName) {
        return TestMethods.unary(fullName);
    }
}
