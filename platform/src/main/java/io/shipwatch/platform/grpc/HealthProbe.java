package io.shipwatch.platform.grpc;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.util.concurrent.TimeUnit;

/**
 * Waits until a gRPC server reports SERVING on grpc.health.v1, for scripts on machines that
 * have Java but no grpcurl. Usage: HealthProbe HOST:PORT [TIMEOUT_SECONDS]; exit 0 when
 * serving, 1 on timeout.
 */
public final class HealthProbe {
    private HealthProbe() {
    }

    public static void main(String[] args) throws InterruptedException {
        String[] hostPort = args[0].split(":");
        long timeoutMillis = TimeUnit.SECONDS.toMillis(args.length > 1 ? Long.parseLong(args[1]) : 120);
        long deadline = System.currentTimeMillis() + timeoutMillis;
        ManagedChannel channel = NettyChannelBuilder.forAddress(hostPort[0], Integer.parseInt(hostPort[1])).usePlaintext().build();
        try {
            while (System.currentTimeMillis() < deadline) {
                if (serving(channel)) {
                    System.exit(0);
                }
                Thread.sleep(250);
            }
            System.err.println(args[0] + " did not report SERVING within " + timeoutMillis / 1000 + " s");
            System.exit(1);
        } finally {
            channel.shutdownNow();
        }
    }

    private static boolean serving(ManagedChannel channel) {
        try {
            return HealthGrpc.newBlockingStub(channel).withDeadlineAfter(1, TimeUnit.SECONDS)
                    .check(HealthCheckRequest.getDefaultInstance()).getStatus() == HealthCheckResponse.ServingStatus.SERVING;
        } catch (StatusRuntimeException notYet) {
            return false;
        }
    }
}
