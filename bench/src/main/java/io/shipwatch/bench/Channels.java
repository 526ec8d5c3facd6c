package io.shipwatch.bench;

import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.shipwatch.platform.auth.DevTokens;
import io.shipwatch.platform.auth.Role;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Plaintext channels to the server under test and the bearer-token interceptor. */
final class Channels implements AutoCloseable {
    static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final List<ManagedChannel> channels = new ArrayList<>();

    Channels(String target, int count) {
        for (int i = 0; i < count; i++) {
            channels.add(NettyChannelBuilder.forTarget(target)
                    .usePlaintext()
                    .maxInboundMessageSize(8 * 1024 * 1024)
                    .build());
        }
    }

    /** The channel for client {@code n}: clients are spread round-robin over the channels. */
    ManagedChannel forClient(int n) {
        return channels.get(n % channels.size());
    }

    int size() {
        return channels.size();
    }

    static ClientInterceptor bearer(String secret, String subject, Role role, Duration ttl) {
        Metadata headers = new Metadata();
        headers.put(AUTHORIZATION, "Bearer " + DevTokens.issue(secret, subject, List.of(role), ttl));
        return MetadataUtils.newAttachHeadersInterceptor(headers);
    }

    @Override
    public void close() throws InterruptedException {
        for (ManagedChannel c : channels) {
            c.shutdown();
        }
        for (ManagedChannel c : channels) {
            if (!c.awaitTermination(5, TimeUnit.SECONDS)) {
                c.shutdownNow();
            }
        }
    }
}
