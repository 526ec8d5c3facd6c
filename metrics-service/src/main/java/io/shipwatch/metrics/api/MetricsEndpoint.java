package io.shipwatch.metrics.api;

import io.grpc.stub.StreamObserver;
import io.shipwatch.metrics.domain.DayRange;
import io.shipwatch.metrics.domain.MetricsQuery;
import io.shipwatch.metrics.events.MetricsConsumer;
import io.shipwatch.metrics.v1.GetDeploymentMetricsRequest;
import io.shipwatch.metrics.v1.GetDeploymentMetricsResponse;
import io.shipwatch.metrics.v1.GetMetricsTimeSeriesRequest;
import io.shipwatch.metrics.v1.GetMetricsTimeSeriesResponse;
import io.shipwatch.metrics.v1.MetricsServiceGrpc;
import io.shipwatch.metrics.v1.RebuildMetricsRequest;
import io.shipwatch.metrics.v1.RebuildMetricsResponse;
import io.shipwatch.platform.errors.Violations;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * The gRPC face of metrics-service: validates and maps requests, answers from the cache or the
 * rollups, starts rebuilds. Exceptions leave through the platform's one error mapping. Bound to
 * the server by {@link MetricsServiceBinding}.
 */
@Singleton
public class MetricsEndpoint implements MetricsServiceGrpc.AsyncService {
    private final MetricsAnswers answers;
    private final MetricsConsumer consumer;
    private final Clock clock;

    public MetricsEndpoint(MetricsAnswers answers, MetricsConsumer consumer, Clock clock) {
        this.answers = answers;
        this.consumer = consumer;
        this.clock = clock;
    }

    @Override
    public void getDeploymentMetrics(GetDeploymentMetricsRequest request,
                                     StreamObserver<GetDeploymentMetricsResponse> response) {
        Violations v = new Violations();
        MetricsQuery q = QueryRequests.query(request.getService(), request.getEnvironment(), request.getProductionOnly(),
                request.getStartTime(), request.hasStartTime(), request.getEndTime(), request.hasEndTime(), null,
                clock.instant(), v);
        v.throwIfAny();
        response.onNext(GetDeploymentMetricsResponse.newBuilder().setMetrics(answers.points(q).get(0)).build());
        response.onCompleted();
    }

    @Override
    public void getMetricsTimeSeries(GetMetricsTimeSeriesRequest request,
                                     StreamObserver<GetMetricsTimeSeriesResponse> response) {
        Violations v = new Violations();
        DayRange.Bucket bucket = QueryRequests.bucket(request.getBucket(), v);
        MetricsQuery q = QueryRequests.query(request.getService(), request.getEnvironment(), request.getProductionOnly(),
                request.getStartTime(), request.hasStartTime(), request.getEndTime(), request.hasEndTime(), bucket,
                clock.instant(), v);
        v.throwIfAny();
        response.onNext(GetMetricsTimeSeriesResponse.newBuilder().addAllPoints(answers.points(q)).build());
        response.onCompleted();
    }

    @Override
    public void rebuildMetrics(RebuildMetricsRequest request, StreamObserver<RebuildMetricsResponse> response) {
        MetricsConsumer.RebuildStarted started = consumer.startRebuild();
        response.onNext(RebuildMetricsResponse.newBuilder()
                .setStartTime(com.google.protobuf.Timestamp.newBuilder().setSeconds(started.startTime().getEpochSecond())
                        .setNanos(started.startTime().getNano()))
                .setHeadPosition(started.headPosition())
                .build());
        response.onCompleted();
    }
}
