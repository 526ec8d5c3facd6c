package io.shipwatch.platform.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class JwtVerifierTest {
    private static final String SECRET = "0123456789abcdef0123456789abcdef-test";
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.now());
    private final Clock clock = new Clock() {
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
    private final JwtVerifier verifier = new JwtVerifier(new AuthSettings(SECRET, null, null, null, Duration.ZERO), clock);

    @Test
    void rememberedToken_isStillRefusedOnceItExpires() {
        String token = DevTokens.issue(SECRET, "alice", List.of(Role.VIEWER), Duration.ofMinutes(5));
        assertThat(verifier.verify(token)).isEqualTo(new Principal("alice", Set.of(Role.VIEWER)));
        assertThat(verifier.verify(token).subject()).isEqualTo("alice");

        now.set(now.get().plus(Duration.ofMinutes(6)));
        assertThatThrownBy(() -> verifier.verify(token)).hasMessage("token expired");
        assertThatThrownBy(() -> verifier.verify(token)).hasMessage("token expired");
    }

    @Test
    void tamperedPayload_isRefusedEvenAfterTheOriginalWasVerified() {
        String token = DevTokens.issue(SECRET, "alice", List.of(Role.VIEWER), Duration.ofMinutes(5));
        verifier.verify(token);
        String[] parts = token.split("\\.");
        String forgedClaims = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"sub\":\"alice\",\"roles\":[\"deployer\"],\"exp\":9999999999}".getBytes());
        String forged = parts[0] + "." + forgedClaims + "." + parts[2];
        assertThatThrownBy(() -> verifier.verify(forged)).hasMessage("bad token signature");
    }

    @Test
    void tokenWithoutSubject_isRefused() {
        String token = DevTokens.issue(SECRET, " ", List.of(Role.VIEWER), Duration.ofMinutes(5));
        assertThatThrownBy(() -> verifier.verify(token)).hasMessage("token has no sub claim");
    }
}
