package io.shipwatch.diagnostics.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP forwarder in front of the shared Redis, so a test can make Redis "go away" for its own
 * clients (closing every connection and refusing new ones) without stopping the server others use.
 */
final class TcpProxy implements AutoCloseable {
    private final String targetHost;
    private final int targetPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile ServerSocket listener;
    private final int port;

    TcpProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        ServerSocket s = new ServerSocket(0);
        this.port = s.getLocalPort();
        s.close();
        start();
    }

    int port() {
        return port;
    }

    /** Accepts and forwards connections again. */
    synchronized void start() throws IOException {
        ServerSocket s = bindAgain();
        listener = s;
        Thread t = new Thread(() -> accept(s), "tcp-proxy");
        t.setDaemon(true);
        t.start();
    }

    /** Binds the same port again; the kernel may hold it for a moment after the old connections closed. */
    private ServerSocket bindAgain() throws IOException {
        long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (true) {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            try {
                s.bind(new InetSocketAddress("127.0.0.1", port));
                return s;
            } catch (java.net.BindException busy) {
                s.close();
                if (System.nanoTime() > until) {
                    throw busy;
                }
                java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);
            }
        }
    }

    /** Closes every forwarded connection and stops accepting: Redis is down for our clients. */
    synchronized void stop() throws IOException {
        listener.close();
        for (Socket s : sockets) {
            s.close();
        }
        sockets.clear();
    }

    private void accept(ServerSocket s) {
        while (!s.isClosed()) {
            try {
                Socket client = s.accept();
                Socket upstream = new Socket(targetHost, targetPort);
                sockets.add(client);
                sockets.add(upstream);
                if (s.isClosed()) {
                    // stop() ran while this connection was being accepted: it must not survive.
                    client.close();
                    upstream.close();
                    return;
                }
                pipe(client, upstream);
                pipe(upstream, client);
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void pipe(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException ignored) {
                // The other side closed.
            } finally {
                try {
                    to.close();
                } catch (IOException ignored) {
                    // Already closed.
                }
            }
        }, "tcp-proxy-pipe");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        stop();
    }
}
