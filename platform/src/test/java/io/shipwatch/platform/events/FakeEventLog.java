package io.shipwatch.platform.events;

import com.google.protobuf.Timestamp;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.shipwatch.status.v1.DeploymentEvent;
import io.shipwatch.status.v1.EventType;
import io.shipwatch.status.v1.Heartbeat;
import io.shipwatch.status.v1.StatusServiceGrpc;
import io.shipwatch.status.v1.StreamEventsRequest;
import io.shipwatch.status.v1.StreamEventsResponse;
import io.shipwatch.status.v1.Deployment;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A StreamEvents server over real gRPC (Netty, a real port) serving an in-memory log with
 * the status-service's contract: events after a position in order, then tailing live, with a
 * heartbeat carrying the head when idle. Stoppable and restartable on the same port.
 */
final class FakeEventLog implements AutoCloseable {
    private final List<DeploymentEvent> log = new ArrayList<>();
    final List<Long> requestedAfter = new CopyOnWriteArrayList<>();
    final List<String> authorizations = new CopyOnWriteArrayList<>();
    /** Streams still to be opened that will only ever send heartbeats (a stream gone wrong). */
    final java.util.concurrent.atomic.AtomicInteger silentStreams = new java.util.concurrent.atomic.AtomicInteger();
    private int port;
    private Server server;

    FakeEventLog start() throws IOException {
        Metadata.Key<String> auth = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
        ServerInterceptor recordAuth = new ServerInterceptor() {
            @Override
            public <Q, R> io.grpc.ServerCall.Listener<Q> interceptCall(io.grpc.ServerCall<Q, R> call, Metadata headers,
                                                                       io.grpc.ServerCallHandler<Q, R> next) {
                authorizations.add(String.valueOf(headers.get(auth)));
                return next.startCall(call, headers);
            }
        };
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
                .addService(ServerInterceptors.intercept(new Service(), recordAuth))
                .build()
                .start();
        port = server.getPort();
        return this;
    }

    int port() {
        return port;
    }

    /** Drops every open stream and stops listening. */
    void stop() {
        server.shutdownNow();
        try {
            server.awaitTermination();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Appends n events (deployments d-0..d-9 in turn) and returns the new head. */
    long append(int n, String traceparent) {
        synchronized (log) {
            for (int i = 0; i < n; i++) {
                long position = log.size() + 1;
                Instant now = Instant.now();
                log.add(DeploymentEvent.newBuilder()
                        .setPosition(position)
                        .setType(EventType.EVENT_TYPE_STATUS_CHANGED)
                        .setEventId("e-" + position)
                        .setDeployment(Deployment.newBuilder().setId("d-" + (position % 10)).setRevision(position))
                        .setOccurTime(Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()))
                        .setTraceparent(traceparent == null ? "" : traceparent)
                        .build());
            }
            log.notifyAll();
            return log.size();
        }
    }

    long head() {
        synchronized (log) {
            return log.size();
        }
    }

    @Override
    public void close() {
        stop();
    }

    private final class Service extends StatusServiceGrpc.StatusServiceImplBase {
        @Override
        public void streamEvents(StreamEventsRequest request, StreamObserver<StreamEventsResponse> observer) {
            requestedAfter.add(request.getAfterPosition());
            ServerCallStreamObserver<StreamEventsResponse> out = (ServerCallStreamObserver<StreamEventsResponse>) observer;
            boolean silent = silentStreams.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
            Thread sender = new Thread(() -> serve(request.getAfterPosition(), out, silent), "fake-event-log");
            sender.setDaemon(true);
            sender.start();
        }

        private void serve(long after, ServerCallStreamObserver<StreamEventsResponse> out, boolean silent) {
            long next = after;
            try {
                while (!out.isCancelled()) {
                    List<DeploymentEvent> batch = new ArrayList<>();
                    synchronized (log) {
                        if (log.size() <= next) {
                            log.wait(200);
                        }
                        for (long p = next; p < log.size() && batch.size() < 50; p++) {
                            batch.add(log.get((int) p));
                        }
                    }
                    if (batch.isEmpty() || silent) {
                        out.onNext(StreamEventsResponse.newBuilder()
                                .setHeartbeat(Heartbeat.newBuilder().setHeadPosition(silent ? head() : next)).build());
                        if (silent) {
                            Thread.sleep(100);
                        }
                        continue;
                    }
                    for (DeploymentEvent e : batch) {
                        out.onNext(StreamEventsResponse.newBuilder().setEvent(e).build());
                        next = e.getPosition();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException streamGone) {
                // The client went away or the server shut down: this stream is over.
            }
        }
    }
}
