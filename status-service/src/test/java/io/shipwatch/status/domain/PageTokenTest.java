package io.shipwatch.status.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shipwatch.platform.errors.ServiceException;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PageTokenTest {
    private final DeploymentFilter filter = new DeploymentFilter("checkout", "", Set.of(), Map.of(), null, null);
    private final PageToken token = new PageToken(Instant.parse("2026-11-26T10:15:30.123456Z"), UUID.randomUUID(),
            filter.fingerprint());

    @Test
    void decode_returnsWhatWasEncoded() {
        assertThat(PageToken.decode(token.encode(), filter.fingerprint())).isEqualTo(token);
    }

    @Test
    void decode_rejectsEveryAlteredCharacter() {
        String encoded = token.encode();
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            String altered = encoded.substring(0, i) + (c == 'A' ? 'B' : 'A') + encoded.substring(i + 1);
            assertThatThrownBy(() -> PageToken.decode(altered, filter.fingerprint()))
                    .as("token altered at %d", i)
                    .isInstanceOfSatisfying(ServiceException.class,
                            e -> assertThat(e.violations().get(0).field()).isEqualTo("page_token"));
        }
    }

    @Test
    void decode_rejectsTokenOfAnotherFilter() {
        DeploymentFilter other = new DeploymentFilter("payments", "", Set.of(), Map.of(), null, null);
        assertThatThrownBy(() -> PageToken.decode(token.encode(), other.fingerprint()))
                .hasMessageContaining("different filter");
    }

    @Test
    void decode_rejectsGarbage() {
        assertThatThrownBy(() -> PageToken.decode("not a token!", filter.fingerprint()))
                .isInstanceOf(ServiceException.class);
    }

    @Test
    void effectivePageSize_appliesDefaultAndMax() {
        assertThat(DeploymentFilter.effectivePageSize(0)).isEqualTo(50);
        assertThat(DeploymentFilter.effectivePageSize(7)).isEqualTo(7);
        assertThat(DeploymentFilter.effectivePageSize(1001)).isEqualTo(1000);
    }
}
