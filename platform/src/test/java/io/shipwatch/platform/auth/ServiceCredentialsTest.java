package io.shipwatch.platform.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ServiceCredentialsTest {
    private static final String SECRET = "service-credentials-secret-0123456789ab";

    @Test
    void aConfiguredTokenIsSentAsItIs() {
        ServiceCredentials credentials = new ServiceCredentials(" issued.by.idp ", SECRET, "audit-service", Clock.systemUTC());
        assertThat(credentials.token()).isEqualTo("issued.by.idp");
    }

    @Test
    void withOnlyTheSharedSecretItSignsAServiceRoleTokenForItsOwnName() {
        ServiceCredentials credentials = new ServiceCredentials("", SECRET, "audit-service", Clock.systemUTC());
        Principal principal = new JwtVerifier(new AuthSettings(SECRET, null, null, null, null), Clock.systemUTC())
                .verify(credentials.token());
        assertThat(principal.subject()).isEqualTo("audit-service");
        assertThat(principal.roles()).containsExactly(Role.SERVICE);
    }

    @Test
    void keepsItsTokenUntilCloseToExpiryThenSignsANewOne() {
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        ServiceCredentials credentials = new ServiceCredentials(null, SECRET, "metrics-service", clock);
        String first = credentials.token();
        now.set(now.get().plus(Duration.ofMinutes(40)));
        assertThat(credentials.token()).isSameAs(first);
        now.set(now.get().plus(Duration.ofMinutes(11)));
        assertThat(credentials.token()).isNotSameAs(first);
    }

    @Test
    void withNeitherTokenNorSecretThereIsNothingToSend() {
        assertThat(new ServiceCredentials("", "", "x", Clock.systemUTC()).token()).isNull();
    }
}
