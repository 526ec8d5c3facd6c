package io.shipwatch.platform.events;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableLongGauge;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.shipwatch.platform.telemetry.Traceparents;
import io.shipwatch.status.v1.DeploymentEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Spans and metrics of one consumer. Each event gets a CONSUMER span whose parent is the
 * traceparent stored with it, so one trace runs from the write that caused the event to its
 * effect here; a batch of several events runs under a span linked to all of them.
 */
final class ConsumerTelemetry implements AutoCloseable {
    private static final AttributeKey<String> CONSUMER = AttributeKey.stringKey("shipwatch.consumer");
    private static final AttributeKey<Long> POSITION = AttributeKey.longKey("shipwatch.event.position");
    private static final AttributeKey<String> TYPE = AttributeKey.stringKey("shipwatch.event.type");
    private static final AttributeKey<String> DEPLOYMENT = AttributeKey.stringKey("shipwatch.deployment.id");
    private static final AttributeKey<Long> BATCH_SIZE = AttributeKey.longKey("shipwatch.batch.size");

    private final String name;
    private final Attributes attributes;
    private final Tracer tracer;
    private final LongCounter events;
    private final DoubleHistogram lagSeconds;
    private final ObservableLongGauge lagPositions;

    ConsumerTelemetry(OpenTelemetry otel, String name, LongSupplier positionsBehind) {
        this.name = name;
        this.attributes = Attributes.of(CONSUMER, name);
        this.tracer = otel.getTracer("io.shipwatch.platform.events");
        Meter meter = otel.getMeter("io.shipwatch.platform.events");
        this.events = meter.counterBuilder("shipwatch.consumer.events")
                .setDescription("Events applied and committed by the consumer").setUnit("{event}").build();
        this.lagSeconds = meter.histogramBuilder("shipwatch.consumer.lag.duration")
                .setDescription("Time from an event's occurrence to the commit of its effect").setUnit("s").build();
        this.lagPositions = meter.gaugeBuilder("shipwatch.consumer.lag").ofLongs()
                .setDescription("Positions between the log's head and the committed checkpoint").setUnit("{event}")
                .buildWithCallback(m -> m.record(positionsBehind.getAsLong(), attributes));
    }

    /** The spans of one batch; the handler runs with {@link Batch#current()} made current. */
    final class Batch {
        private final List<Span> eventSpans = new ArrayList<>();
        private final Span batchSpan;

        Batch(List<DeploymentEvent> batch) {
            for (DeploymentEvent e : batch) {
                eventSpans.add(tracer.spanBuilder(name + " consume")
                        .setSpanKind(SpanKind.CONSUMER)
                        .setParent(Traceparents.parentOf(e.getTraceparent()))
                        .setAttribute(CONSUMER, name)
                        .setAttribute(POSITION, e.getPosition())
                        .setAttribute(TYPE, e.getType().name())
                        .setAttribute(DEPLOYMENT, e.getDeployment().getId())
                        .startSpan());
            }
            if (eventSpans.size() == 1) {
                batchSpan = eventSpans.get(0);
            } else {
                SpanBuilder builder = tracer.spanBuilder(name + " apply batch")
                        .setNoParent()
                        .setAttribute(CONSUMER, name)
                        .setAttribute(BATCH_SIZE, (long) eventSpans.size());
                eventSpans.forEach(s -> builder.addLink(s.getSpanContext()));
                batchSpan = builder.startSpan();
            }
        }

        Span current() {
            return batchSpan;
        }

        void committed(List<DeploymentEvent> batch, Instant at) {
            events.add(batch.size(), attributes);
            for (DeploymentEvent e : batch) {
                Instant occurred = Instant.ofEpochSecond(e.getOccurTime().getSeconds(), e.getOccurTime().getNanos());
                lagSeconds.record(Math.max(0, at.toEpochMilli() - occurred.toEpochMilli()) / 1000.0, attributes);
            }
            end(null);
        }

        void failed(Throwable t) {
            end(t);
        }

        private void end(Throwable t) {
            for (Span s : eventSpans) {
                if (t != null) {
                    s.setStatus(StatusCode.ERROR, t.getClass().getSimpleName());
                }
                s.end();
            }
            if (eventSpans.size() != 1) {
                if (t != null) {
                    batchSpan.setStatus(StatusCode.ERROR, t.getClass().getSimpleName());
                }
                batchSpan.end();
            }
        }
    }

    Batch batch(List<DeploymentEvent> batch) {
        return new Batch(batch);
    }

    @Override
    public void close() {
        lagPositions.close();
    }
}
