package io.shipwatch.diagnostics.api;

import io.shipwatch.platform.grpc.StreamSender;
import io.shipwatch.platform.grpc.StreamWorkers;
import jakarta.inject.Singleton;

/**
 * Starts a diagnosis stream on the platform's stream workers while it holds a session slot:
 * RESOURCE_EXHAUSTED (with retry info) at once when none is free, and the slot is given back
 * when the stream ends. The session limit therefore also bounds the number of workers.
 */
@Singleton
public class SessionWorkers {
    private final StreamWorkers workers;
    private final SessionLimit limit;

    public SessionWorkers(StreamWorkers workers, SessionLimit limit) {
        this.workers = workers;
        this.limit = limit;
    }

    public void start(StreamSender<?> sender, StreamWorkers.Body body) {
        workers.start(sender, body, limit.acquire());
    }
}
