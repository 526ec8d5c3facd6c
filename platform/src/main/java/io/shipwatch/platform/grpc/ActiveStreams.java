package io.shipwatch.platform.grpc;

import io.grpc.Status;
import io.shipwatch.platform.errors.ErrorKind;
import io.shipwatch.platform.errors.ServiceException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Bounds the number of long-lived server streams and ends them all on shutdown, so graceful
 * shutdown does not wait for streams that would otherwise tail forever. Clients see
 * UNAVAILABLE and resume from their last position elsewhere.
 */
public final class ActiveStreams {
    private final int max;
    private final Set<Consumer<Status>> open = ConcurrentHashMap.newKeySet();
    private volatile boolean shuttingDown;

    public ActiveStreams(int max) {
        this.max = max;
    }

    /**
     * Registers a stream; {@code closer} is called with the status to end it with on shutdown.
     * Throws RESOURCE_EXHAUSTED when the limit is reached and UNAVAILABLE when shutting down.
     */
    public Registration open(Consumer<Status> closer) {
        if (shuttingDown) {
            throw ServiceException.of(ErrorKind.UNAVAILABLE, "SHUTTING_DOWN", "the server is shutting down; retry");
        }
        synchronized (open) {
            if (open.size() >= max) {
                throw ServiceException.of(ErrorKind.RESOURCE_EXHAUSTED, "TOO_MANY_STREAMS",
                        "at most " + max + " streams may be open on this server; retry with backoff");
            }
            open.add(closer);
        }
        return () -> open.remove(closer);
    }

    /** Ends every open stream with UNAVAILABLE. Called once when the server shuts down. */
    public void shutdown() {
        shuttingDown = true;
        Status status = Status.UNAVAILABLE.withDescription("server shutting down; resume on another replica");
        for (Consumer<Status> closer : open.toArray(Consumer[]::new)) {
            closer.accept(status);
        }
    }

    /** Removes the stream from the open set. */
    @FunctionalInterface
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }
}
