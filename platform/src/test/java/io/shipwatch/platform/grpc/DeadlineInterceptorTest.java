package io.shipwatch.platform.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.CallOptions;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.shipwatch.platform.testing.TestMethods;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeadlineInterceptorTest {
    private static final MethodDescriptor<String, String> METHOD = TestMethods.unary("test.Clock/Remaining");
    private final AtomicLong remainingMillis = new AtomicLong(-1);
    private Server server;
    private ManagedChannel channel;

    @BeforeEach
    void start() throws Exception {
        ServerServiceDefinition service = ServerServiceDefinition.builder("test.Clock")
                .addMethod(METHOD, ServerCalls.asyncUnaryCall((request, observer) -> {
                    Deadline deadline = Context.current().getDeadline();
                    remainingMillis.set(deadline == null ? Long.MAX_VALUE : deadline.timeRemaining(TimeUnit.MILLISECONDS));
                    observer.onNext("ok");
                    observer.onCompleted();
                })).build();
        DeadlineInterceptor deadlines = new DeadlineInterceptor(Duration.ofSeconds(2), Executors.newSingleThreadScheduledExecutor());
        String name = InProcessServerBuilder.generateName();
        server = InProcessServerBuilder.forName(name).directExecutor()
                .addService(ServerInterceptors.intercept(service, deadlines)).build().start();
        channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    }

    @AfterEach
    void stop() {
        channel.shutdownNow();
        server.shutdownNow();
    }

    @Test
    void callWithoutDeadline_getsTheMaximum() {
        ClientCalls.blockingUnaryCall(channel, METHOD, CallOptions.DEFAULT, "x");
        assertThat(remainingMillis.get()).isBetween(1L, 2000L);
    }

    @Test
    void shorterClientDeadline_isKept() {
        ClientCalls.blockingUnaryCall(channel, METHOD, CallOptions.DEFAULT.withDeadlineAfter(500, TimeUnit.MILLISECONDS), "x");
        assertThat(remainingMillis.get()).isBetween(1L, 500L);
    }

    @Test
    void longerClientDeadline_isCappedAtTheMaximum() {
        ClientCalls.blockingUnaryCall(channel, METHOD, CallOptions.DEFAULT.withDeadlineAfter(1, TimeUnit.HOURS), "x");
        assertThat(remainingMillis.get()).isBetween(1L, 2000L);
    }
}
