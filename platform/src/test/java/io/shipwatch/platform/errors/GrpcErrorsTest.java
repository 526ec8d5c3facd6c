package io.shipwatch.platform.errors;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GrpcErrorsTest {
    private final GrpcErrors errors = new GrpcErrors("status.shipwatch.io");

    @Test
    void invalidArgument_carriesEveryFieldViolationAndErrorInfo() throws Exception {
        StatusRuntimeException e = errors.toStatusException(ServiceException.invalidArgument(List.of(
                new FieldViolation("service", "is required"), new FieldViolation("description", "too long"))));

        com.google.rpc.Status status = StatusProto.fromThrowable(e);
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        ErrorInfo info = status.getDetails(0).unpack(ErrorInfo.class);
        assertThat(info.getDomain()).isEqualTo("status.shipwatch.io");
        BadRequest badRequest = status.getDetails(1).unpack(BadRequest.class);
        assertThat(badRequest.getFieldViolationsList()).extracting(BadRequest.FieldViolation::getField)
                .containsExactly("service", "description");
    }

    @Test
    void failedPrecondition_keepsReasonAndMetadata() throws Exception {
        StatusRuntimeException e = errors.toStatusException(ServiceException.failedPrecondition(
                "INVALID_TRANSITION", "no", Map.of("from", "SUCCEEDED", "to", "IN_PROGRESS")));

        ErrorInfo info = StatusProto.fromThrowable(e).getDetails(0).unpack(ErrorInfo.class);
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(info.getReason()).isEqualTo("INVALID_TRANSITION");
        assertThat(info.getMetadataMap()).containsEntry("from", "SUCCEEDED").containsEntry("to", "IN_PROGRESS");
    }

    @Test
    void exhausted_carriesRetryInfoWithTheDelay() throws Exception {
        StatusRuntimeException e = errors.toStatusException(
                ServiceException.exhausted("TOO_MANY_SESSIONS", "busy", Duration.ofMillis(1500)));

        com.google.rpc.Status status = StatusProto.fromThrowable(e);
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(status.getDetails(0).unpack(ErrorInfo.class).getReason()).isEqualTo("TOO_MANY_SESSIONS");
        RetryInfo retry = status.getDetails(1).unpack(RetryInfo.class);
        assertThat(retry.getRetryDelay().getSeconds()).isEqualTo(1);
        assertThat(retry.getRetryDelay().getNanos()).isEqualTo(500_000_000);
    }

    @Test
    void unexpectedFailure_isInternalWithoutDetailsOfTheCause() {
        StatusRuntimeException e = errors.toStatusException(
                new IllegalStateException("select * from secret_table where password='x'"));

        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
        assertThat(e.getStatus().getDescription()).startsWith("internal error; trace_id=").doesNotContain("select");
    }

    @Test
    void sqlConnectionFailure_isUnavailableAndHidesTheSql() {
        StatusRuntimeException e = errors.toStatusException(
                new RuntimeException(new SQLException("connection to 10.0.0.1 refused", "08001")));

        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(e.getStatus().getDescription()).doesNotContain("10.0.0.1");
    }

    @Test
    void serializationFailure_isAbortedSoClientsRetry() {
        StatusRuntimeException e = errors.toStatusException(new SQLException("could not serialize", "40001"));
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ABORTED);
    }

    @Test
    void sqlSyntaxError_isInternalNotTheStatement() {
        StatusRuntimeException e = errors.toStatusException(new SQLException("syntax error at or near \"selec\"", "42601"));
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
        assertThat(e.getStatus().getDescription()).doesNotContain("selec");
    }
}
