package io.shipwatch.platform.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.junit.jupiter.api.Test;

class NoOrphanClientSpansTest {
    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final Tracer tracer = SdkTracerProvider.builder()
            .setSampler(new NoOrphanClientSpans(Sampler.parentBased(Sampler.alwaysOn())))
            .addSpanProcessor(SimpleSpanProcessor.create(spans))
            .build().get("test");

    @Test
    void clientSpanWithoutParent_isDropped() {
        tracer.spanBuilder("select 1").setSpanKind(SpanKind.CLIENT).startSpan().end();
        assertThat(spans.getFinishedSpanItems()).isEmpty();
    }

    @Test
    void clientSpanInsideAServerSpan_isKept() {
        Span server = tracer.spanBuilder("StatusService/RecordStatus").setSpanKind(SpanKind.SERVER).startSpan();
        try (Scope ignored = server.makeCurrent()) {
            tracer.spanBuilder("update deployment").setSpanKind(SpanKind.CLIENT).startSpan().end();
        }
        server.end();
        assertThat(spans.getFinishedSpanItems()).extracting(SpanData::getName)
                .containsExactly("update deployment", "StatusService/RecordStatus");
    }

    @Test
    void rootServerSpan_isKept() {
        tracer.spanBuilder("StatusService/GetDeployment").setSpanKind(SpanKind.SERVER).startSpan().end();
        assertThat(spans.getFinishedSpanItems()).hasSize(1);
    }
}
