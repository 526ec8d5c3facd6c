package io.shipwatch.platform.grpc;

import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.StatusRuntimeException;
import io.shipwatch.platform.errors.ServiceException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes a request that is not a valid protobuf message of the method's type INVALID_ARGUMENT.
 * grpc-java parses the request inside the transport and answers a parse failure with
 * UNKNOWN ("Application error processing RPC"), before any interceptor can map it. So the
 * marshaller here remembers the failure (on the parsing thread, which then delivers the
 * message) and hands on an empty message; the handler refuses that message with a field
 * violation, which the error mapping sends as INVALID_ARGUMENT.
 */
public final class StrictRequests {
    private static final ThreadLocal<Boolean> LAST_PARSE_FAILED = ThreadLocal.withInitial(() -> false);

    private StrictRequests() {
    }

    /** The same service, with malformed requests refused as INVALID_ARGUMENT. */
    public static ServerServiceDefinition of(ServerServiceDefinition service) {
        ServiceDescriptor original = service.getServiceDescriptor();
        // The schema descriptor stays, so reflection still describes the service.
        ServiceDescriptor.Builder descriptor = ServiceDescriptor.newBuilder(original.getName())
                .setSchemaDescriptor(original.getSchemaDescriptor());
        List<ServerMethodDefinition<?, ?>> methods = new ArrayList<>();
        for (ServerMethodDefinition<?, ?> method : service.getMethods()) {
            ServerMethodDefinition<?, ?> strict = strict(method);
            descriptor.addMethod(strict.getMethodDescriptor());
            methods.add(strict);
        }
        ServerServiceDefinition.Builder rebuilt = ServerServiceDefinition.builder(descriptor.build());
        methods.forEach(rebuilt::addMethod);
        return rebuilt.build();
    }

    private static <Q, R> ServerMethodDefinition<Q, R> strict(ServerMethodDefinition<Q, R> method) {
        MethodDescriptor<Q, R> md = method.getMethodDescriptor();
        if (!(md.getRequestMarshaller() instanceof MethodDescriptor.PrototypeMarshaller<Q> prototype)) {
            return method;
        }
        return ServerMethodDefinition.create(md.toBuilder(new Marshaller<>(prototype), md.getResponseMarshaller()).build(),
                refuseMalformed(method.getServerCallHandler()));
    }

    private static <Q, R> ServerCallHandler<Q, R> refuseMalformed(ServerCallHandler<Q, R> next) {
        return (call, headers) -> new SimpleForwardingServerCallListener<>(next.startCall(call, headers)) {
            @Override
            public void onMessage(Q message) {
                if (LAST_PARSE_FAILED.get()) {
                    LAST_PARSE_FAILED.set(false);
                    throw ServiceException.invalidArgument("(request)",
                            "is not a valid protobuf message of this method's request type");
                }
                super.onMessage(message);
            }
        };
    }

    /** Parses like the original; on failure remembers it and yields the empty message. */
    private static final class Marshaller<T> implements MethodDescriptor.PrototypeMarshaller<T> {
        private final MethodDescriptor.PrototypeMarshaller<T> delegate;

        Marshaller(MethodDescriptor.PrototypeMarshaller<T> delegate) {
            this.delegate = delegate;
        }

        @Override
        public InputStream stream(T value) {
            return delegate.stream(value);
        }

        @Override
        public T parse(InputStream stream) {
            LAST_PARSE_FAILED.set(false);
            try {
                return delegate.parse(stream);
            } catch (StatusRuntimeException malformed) {
                LAST_PARSE_FAILED.set(true);
                return delegate.getMessagePrototype();
            }
        }

        @Override
        public T getMessagePrototype() {
            return delegate.getMessagePrototype();
        }

        @Override
        public Class<T> getMessageClass() {
            return delegate.getMessageClass();
        }
    }
}
