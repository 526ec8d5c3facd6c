package io.shipwatch.metrics.api;

import com.google.protobuf.InvalidProtocolBufferException;
import io.shipwatch.metrics.domain.DeploymentMetrics;
import io.shipwatch.metrics.domain.MetricsQuery;
import io.shipwatch.metrics.store.AnswerCache;
import io.shipwatch.metrics.store.RollupReads;
import io.shipwatch.metrics.v1.GetMetricsTimeSeriesResponse;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * The answer to a query as proto points: from the cache when it holds it, otherwise from the
 * rollups, then cached (in the encoded form a time series response has).
 */
@Singleton
class MetricsAnswers {
    private final AnswerCache cache;
    private final RollupReads reads;

    MetricsAnswers(AnswerCache cache, RollupReads reads) {
        this.cache = cache;
        this.reads = reads;
    }

    List<io.shipwatch.metrics.v1.DeploymentMetrics> points(MetricsQuery q) {
        byte[] cached = cache.get(q);
        if (cached != null) {
            try {
                return GetMetricsTimeSeriesResponse.parseFrom(cached).getPointsList();
            } catch (InvalidProtocolBufferException e) {
                // Not ours or corrupt: recompute and overwrite it.
            }
        }
        RollupReads.Answer answer = reads.answer(q);
        GetMetricsTimeSeriesResponse.Builder out = GetMetricsTimeSeriesResponse.newBuilder();
        for (DeploymentMetrics m : answer.points()) {
            out.addPoints(ProtoMapper.toProto(m));
        }
        GetMetricsTimeSeriesResponse built = out.build();
        cache.put(q, built.toByteArray(), answer.position());
        return built.getPointsList();
    }
}
