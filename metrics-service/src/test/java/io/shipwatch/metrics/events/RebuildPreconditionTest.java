package io.shipwatch.metrics.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.OpenTelemetry;
import io.shipwatch.platform.errors.ErrorKind;
import io.shipwatch.platform.errors.ServiceException;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/** An instance that does not consume the log cannot replay it. */
class RebuildPreconditionTest {
    @Test
    void rebuild_onAnInstanceWithConsumingTurnedOff_isAFailedPrecondition() {
        MetricsConsumer consumer = new MetricsConsumer(null, null, null, Clock.systemUTC(), OpenTelemetry.noop(), false);

        assertThatThrownBy(consumer::startRebuild).isInstanceOfSatisfying(ServiceException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.FAILED_PRECONDITION);
            assertThat(e.reason()).isEqualTo("CONSUMER_DISABLED");
        });
    }
}
