package io.shipwatch.platform.grpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Deadline;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Gives every unary call a deadline: the client's, capped at the configured maximum, or the
 * maximum when the client sent none. A call whose deadline already passed is refused before
 * any work. The deadline lives in the gRPC Context, so outgoing calls propagate it and
 * statement timeouts can be derived from it. Streams keep the client's deadline, if any.
 */
public final class DeadlineInterceptor implements ServerInterceptor {
    private final Duration maxUnary;
    private final ScheduledExecutorService scheduler;

    public DeadlineInterceptor(Duration maxUnary, ScheduledExecutorService scheduler) {
        this.maxUnary = maxUnary;
        this.scheduler = scheduler;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                      ServerCallHandler<Q, R> next) {
        Deadline current = Context.current().getDeadline();
        if (current != null && current.isExpired()) {
            call.close(Status.DEADLINE_EXCEEDED.withDescription("deadline passed before the call started"), new Metadata());
            return new ServerCall.Listener<>() { };
        }
        if (call.getMethodDescriptor().getType() != MethodType.UNARY) {
            return next.startCall(call, headers);
        }
        Deadline cap = Deadline.after(maxUnary.toMillis(), TimeUnit.MILLISECONDS);
        if (current != null && current.isBefore(cap)) {
            return next.startCall(call, headers);
        }
        Context.CancellableContext context = Context.current().withDeadline(cap, scheduler);
        ServerCall.Listener<Q> listener = Contexts.interceptCall(context, call, headers, next);
        return new io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener<>(listener) {
            @Override
            public void onComplete() {
                context.cancel(null);
                super.onComplete();
            }

            @Override
            public void onCancel() {
                context.cancel(null);
                super.onCancel();
            }
        };
    }

}
