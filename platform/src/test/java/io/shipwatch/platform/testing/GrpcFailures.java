package io.shipwatch.platform.testing;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.util.List;

/** Reads what a failed call carried: its status, ErrorInfo and BadRequest field violations. */
public final class GrpcFailures {
    private GrpcFailures() {
    }

    /** Runs a call that must fail with a mapped (non-INTERNAL) status and returns the failure. */
    public static StatusRuntimeException failure(Runnable call) {
        try {
            call.run();
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.INTERNAL) {
                throw new AssertionError("the call failed with INTERNAL: " + e.getStatus(), e);
            }
            return e;
        }
        throw new AssertionError("the call succeeded");
    }

    public static ErrorInfo errorInfo(StatusRuntimeException e) throws InvalidProtocolBufferException {
        for (Any detail : StatusProto.fromThrowable(e).getDetailsList()) {
            if (detail.is(ErrorInfo.class)) {
                return detail.unpack(ErrorInfo.class);
            }
        }
        throw new AssertionError("no ErrorInfo in " + e.getStatus());
    }

    /** The fields named by the BadRequest detail (empty when there is none). */
    public static List<String> violations(StatusRuntimeException e) throws InvalidProtocolBufferException {
        for (Any detail : StatusProto.fromThrowable(e).getDetailsList()) {
            if (detail.is(BadRequest.class)) {
                return detail.unpack(BadRequest.class).getFieldViolationsList().stream()
                        .map(BadRequest.FieldViolation::getField).toList();
            }
        }
        return List.of();
    }
}
