package io.shipwatch.platform.errors;

import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * Turns an exception thrown by a handler into a {@code google.rpc.Status} through
 * {@link GrpcErrors}, so no handler writes its own try/catch and nothing unmapped (a stack
 * trace, SQL) reaches the client. Asynchronous failures go through the same
 * {@link GrpcErrors} via {@code StreamObservers}.
 */
public final class ErrorMappingInterceptor implements ServerInterceptor {
    private final GrpcErrors errors;

    public ErrorMappingInterceptor(GrpcErrors errors) {
        this.errors = errors;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                      ServerCallHandler<Q, R> next) {
        ServerCall.Listener<Q> delegate;
        try {
            delegate = next.startCall(call, headers);
        } catch (RuntimeException e) {
            close(call, e);
            return new ServerCall.Listener<>() { };
        }
        return new SimpleForwardingServerCallListener<>(delegate) {
            @Override
            public void onMessage(Q message) {
                try {
                    super.onMessage(message);
                } catch (RuntimeException e) {
                    close(call, e);
                }
            }

            @Override
            public void onHalfClose() {
                try {
                    super.onHalfClose();
                } catch (RuntimeException e) {
                    close(call, e);
                }
            }

            @Override
            public void onReady() {
                try {
                    super.onReady();
                } catch (RuntimeException e) {
                    close(call, e);
                }
            }
        };
    }

    private <Q, R> void close(ServerCall<Q, R> call, RuntimeException failure) {
        StatusRuntimeException mapped = errors.toStatusException(failure);
        Metadata trailers = mapped.getTrailers() != null ? mapped.getTrailers() : new Metadata();
        Status status = mapped.getStatus();
        try {
            call.close(status, trailers);
        } catch (IllegalStateException alreadyClosed) {
            // The handler closed the call before failing; nothing more can be sent.
        }
    }

}
