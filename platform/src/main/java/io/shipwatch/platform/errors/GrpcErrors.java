package io.shipwatch.platform.errors;

import com.google.protobuf.Any;
import com.google.rpc.BadRequest;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.opentelemetry.api.trace.Span;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one mapping from exceptions to {@code google.rpc.Status}. Expected failures
 * ({@link ServiceException}) keep their kind, reason and field violations; infrastructure
 * failures become UNAVAILABLE or ABORTED so clients retry; anything else is INTERNAL with
 * only a trace id, never a stack trace or SQL.
 */
public final class GrpcErrors {
    private static final Logger LOG = LoggerFactory.getLogger(GrpcErrors.class);

    private final String domain;

    public GrpcErrors(String domain) {
        this.domain = domain;
    }

    public StatusRuntimeException toStatusException(Throwable failure) {
        if (failure instanceof StatusRuntimeException sre) {
            return sre;
        }
        if (failure instanceof StatusException se) {
            return new StatusRuntimeException(se.getStatus(), se.getTrailers());
        }
        ServiceException known = find(failure, ServiceException.class);
        if (known != null) {
            return fromServiceException(known);
        }
        SQLException sql = find(failure, SQLException.class);
        if (sql != null) {
            return fromSql(sql, failure);
        }
        return internal(failure);
    }

    private StatusRuntimeException fromServiceException(ServiceException e) {
        com.google.rpc.Status.Builder status = com.google.rpc.Status.newBuilder()
                .setCode(codeOf(e.kind()).getNumber())
                .setMessage(e.getMessage())
                .addDetails(Any.pack(ErrorInfo.newBuilder()
                        .setReason(e.reason())
                        .setDomain(domain)
                        .putAllMetadata(e.metadata())
                        .build()));
        if (!e.violations().isEmpty()) {
            BadRequest.Builder badRequest = BadRequest.newBuilder();
            e.violations().forEach(v -> badRequest.addFieldViolations(BadRequest.FieldViolation.newBuilder()
                    .setField(v.field())
                    .setDescription(v.description())));
            status.addDetails(Any.pack(badRequest.build()));
        }
        if (e.retryDelay() != null) {
            status.addDetails(Any.pack(RetryInfo.newBuilder().setRetryDelay(com.google.protobuf.Duration.newBuilder()
                    .setSeconds(e.retryDelay().getSeconds()).setNanos(e.retryDelay().getNano())).build()));
        }
        return StatusProto.toStatusRuntimeException(status.build());
    }

    private StatusRuntimeException fromSql(SQLException e, Throwable original) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (state.startsWith("08") || state.equals("57P01") || state.equals("57P03") || state.equals("53300")) {
            LOG.warn("database unavailable (SQLState {})", state, original);
            return withInfo(Code.UNAVAILABLE, "DATABASE_UNAVAILABLE", "the database is unavailable; retry later");
        }
        if (state.equals("40001") || state.equals("40P01")) {
            return withInfo(Code.ABORTED, "CONCURRENT_MODIFICATION", "a concurrent change conflicted; retry");
        }
        if (state.equals("57014")) {
            return withInfo(Code.DEADLINE_EXCEEDED, "DEADLINE_EXCEEDED", "the statement ran out of time");
        }
        return internal(original);
    }

    private StatusRuntimeException internal(Throwable failure) {
        String traceId = Span.current().getSpanContext().getTraceId();
        LOG.error("internal error (trace_id={})", traceId, failure);
        return withInfo(Code.INTERNAL, "INTERNAL", "internal error; trace_id=" + traceId);
    }

    private StatusRuntimeException withInfo(Code code, String reason, String message) {
        return StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                .setCode(code.getNumber())
                .setMessage(message)
                .addDetails(Any.pack(ErrorInfo.newBuilder().setReason(reason).setDomain(domain).build()))
                .build());
    }

    static Code codeOf(ErrorKind kind) {
        return switch (kind) {
            case INVALID_ARGUMENT -> Code.INVALID_ARGUMENT;
            case NOT_FOUND -> Code.NOT_FOUND;
            case ALREADY_EXISTS -> Code.ALREADY_EXISTS;
            case FAILED_PRECONDITION -> Code.FAILED_PRECONDITION;
            case ABORTED -> Code.ABORTED;
            case UNAUTHENTICATED -> Code.UNAUTHENTICATED;
            case PERMISSION_DENIED -> Code.PERMISSION_DENIED;
            case RESOURCE_EXHAUSTED -> Code.RESOURCE_EXHAUSTED;
            case UNAVAILABLE -> Code.UNAVAILABLE;
            case DEADLINE_EXCEEDED -> Code.DEADLINE_EXCEEDED;
        };
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }
}
