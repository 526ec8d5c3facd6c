package io.shipwatch.platform.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free ports for test servers, taken below Linux's ephemeral range (32768–60999): a port found
 * free there can still be handed to an outgoing connection (a JDBC or gRPC client) before the
 * server binds it, which made test servers fail with "Failed to bind". Ports below the range
 * are only ever taken by listeners, and the check binds the wildcard address the servers use.
 */
public final class TestPorts {
    private static final int LOW = 20_000;
    private static final int HIGH = 32_000;

    private TestPorts() {
    }

    public static int free() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOW, HIGH);
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(false);
                s.bind(new InetSocketAddress(port));
                return port;
            } catch (IOException taken) {
                // Someone listens there; try another.
            }
        }
        throw new IllegalStateException("no free port between " + LOW + " and " + HIGH);
    }
}
