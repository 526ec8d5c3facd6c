package io.shipwatch.platform.telemetry;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.util.List;

/**
 * Drops client spans that have no parent. Background loops (the event sequencer polling many
 * times a second, stream workers reading the log) would otherwise start a new trace for every
 * SQL statement: thousands of one-span traces a second that nobody asked for, and CPU spent
 * building them. Statements run on behalf of an RPC, or of a consumed event (which continues
 * the stored trace), have a parent and are kept; everything else goes to the configured sampler.
 */
public final class NoOrphanClientSpans implements Sampler {
    private final Sampler delegate;

    public NoOrphanClientSpans(Sampler delegate) {
        this.delegate = delegate;
    }

    @Override
    public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
                                       Attributes attributes, List<LinkData> parentLinks) {
        if (spanKind == SpanKind.CLIENT && !Span.fromContext(parentContext).getSpanContext().isValid()) {
            return SamplingResult.drop();
        }
        return delegate.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
    }

    @Override
    public String getDescription() {
        return "NoOrphanClientSpans{" + delegate.getDescription() + "}";
    }
}
