package io.shipwatch.platform.grpc;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import java.time.Duration;

/**
 * Sends server-stream messages from a worker thread while honouring flow control: a send
 * waits while the client is not ready, so a slow client holds back its own stream instead of
 * filling the server's memory. {@link #wake} is remembered until the next {@link #await}, so
 * a signal that arrives between "nothing new" and "wait" is never lost.
 */
public final class StreamSender<T> {
    private final ServerCallStreamObserver<T> observer;
    private final Object lock = new Object();
    private boolean signalled;
    private volatile boolean cancelled;
    private volatile boolean closed;

    public StreamSender(ServerCallStreamObserver<T> observer) {
        this.observer = observer;
        observer.setOnReadyHandler(this::wake);
        observer.setOnCancelHandler(() -> {
            cancelled = true;
            wake();
        });
    }

    /** Sends one message, waiting for readiness. Returns false if the stream ended instead. */
    public boolean send(T message) throws InterruptedException {
        synchronized (lock) {
            while (!observer.isReady() && isOpen()) {
                lock.wait(100);
            }
        }
        synchronized (observer) {
            if (!isOpen()) {
                return false;
            }
            observer.onNext(message);
        }
        return true;
    }

    /** Waits until woken (new data, readiness, cancel) or the timeout passes. */
    public void await(Duration timeout) throws InterruptedException {
        synchronized (lock) {
            if (!signalled && isOpen()) {
                lock.wait(Math.max(1, timeout.toMillis()));
            }
            signalled = false;
        }
    }

    /** Wakes a thread blocked in {@link #send} or {@link #await}, or the next await. */
    public void wake() {
        synchronized (lock) {
            signalled = true;
            lock.notifyAll();
        }
    }

    public boolean isOpen() {
        return !cancelled && !closed;
    }

    public void complete() {
        finish(null);
    }

    public void fail(Status status) {
        finish(status.asRuntimeException());
    }

    /** Ends the stream with a failure already mapped to a status exception. */
    public void fail(RuntimeException mapped) {
        finish(mapped);
    }

    private void finish(RuntimeException failure) {
        synchronized (observer) {
            if (closed || cancelled) {
                return;
            }
            closed = true;
            if (failure == null) {
                observer.onCompleted();
            } else {
                observer.onError(failure);
            }
        }
        wake();
    }
}
