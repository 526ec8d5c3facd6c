package io.shipwatch.platform.events;

import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.shipwatch.status.v1.StreamEventsRequest;
import io.shipwatch.status.v1.StreamEventsResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One StreamEvents call, turned into batches. Flow control is manual: at most {@code window}
 * messages are requested and not yet taken, so a slow transaction slows the server, not our heap.
 */
final class EventFeed implements ClientResponseObserver<StreamEventsRequest, StreamEventsResponse> {
    /** Why the stream ended; {@code cause} is null when the server completed it. */
    static final class Ended extends Exception {
        Ended(Throwable cause) {
            super(cause == null ? "the server ended the stream" : "the stream failed: " + cause.getMessage(), cause);
        }
    }

    private record End(Throwable cause) {
    }

    private final int window;
    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private volatile ClientCallStreamObserver<StreamEventsRequest> call;

    EventFeed(int window) {
        this.window = window;
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<StreamEventsRequest> requestStream) {
        call = requestStream;
        requestStream.disableAutoRequestWithInitial(window);
    }

    @Override
    public void onNext(StreamEventsResponse value) {
        queue.add(value);
    }

    @Override
    public void onError(Throwable t) {
        queue.add(new End(t));
    }

    @Override
    public void onCompleted() {
        queue.add(new End(null));
    }

    /**
     * Waits up to {@code wait} for the first message, then takes whatever else has already
     * arrived, up to {@code max}; never waits for a batch to fill, so latency stays low when idle.
     */
    List<StreamEventsResponse> take(int max, Duration wait) throws Ended, InterruptedException {
        List<StreamEventsResponse> out = new ArrayList<>();
        Object first = queue.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        if (first == null) {
            return out;
        }
        List<Object> items = new ArrayList<>();
        items.add(first);
        queue.drainTo(items, max - 1);
        for (Object item : items) {
            if (item instanceof End end) {
                // Hand out what came before the end; the end itself is seen on the next take.
                if (out.isEmpty()) {
                    throw new Ended(end.cause());
                }
                queue.add(end);
                break;
            }
            out.add((StreamEventsResponse) item);
        }
        return out;
    }

    /** Lets the server send {@code n} more messages. */
    void taken(int n) {
        if (n > 0 && call != null) {
            call.request(n);
        }
    }

    void cancel() {
        if (call != null) {
            call.cancel("consumer stopped", null);
        }
    }
}
