package io.shipwatch.platform.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConsumerSettingsTest {
    private final ConsumerSettings settings = new ConsumerSettings(true, 100, Duration.ofMillis(200),
            Duration.ofSeconds(10), Duration.ofSeconds(2), Duration.ofSeconds(30));

    @Test
    void backoffGrowsExponentiallyUpToTheMaximum() {
        assertThat(settings.backoff(1, 1.0)).isEqualTo(Duration.ofMillis(400));
        assertThat(settings.backoff(3, 1.0)).isEqualTo(Duration.ofMillis(1_600));
        assertThat(settings.backoff(30, 1.0)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void backoffIsJitteredButNeverBelowHalfTheMinimum() {
        assertThat(settings.backoff(5, 0.0)).isEqualTo(Duration.ofMillis(100));
        assertThat(settings.backoff(5, 0.5).toMillis()).isBetween(100L, 6_400L);
    }

    @Test
    void rejectsABatchSizeBelowOneAndAMaximumBelowTheMinimum() {
        assertThatThrownBy(() -> new ConsumerSettings(true, 0, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ConsumerSettings(true, 10, Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsAStallTimeoutThatIsNotPositive() {
        assertThatThrownBy(() -> new ConsumerSettings(true, 10, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
