package io.shipwatch.platform.paging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shipwatch.platform.errors.ServiceException;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PageTokenTest {
    private static final long FILTER = 0x5eed_cafe_f00dL;
    private final PageToken token = new PageToken(Instant.parse("2026-11-26T10:15:30.123456Z"), UUID.randomUUID(),
            FILTER);

    @Test
    void decode_returnsWhatWasEncoded() {
        assertThat(PageToken.decode(token.encode(), FILTER)).isEqualTo(token);
    }

    @Test
    void decode_rejectsEveryAlteredCharacter() {
        String encoded = token.encode();
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            String altered = encoded.substring(0, i) + (c == 'A' ? 'B' : 'A') + encoded.substring(i + 1);
            assertThatThrownBy(() -> PageToken.decode(altered, FILTER))
                    .as("token altered at %d", i)
                    .isInstanceOfSatisfying(ServiceException.class,
                            e -> assertThat(e.violations().get(0).field()).isEqualTo("page_token"));
        }
    }

    @Test
    void decode_rejectsTokenOfAnotherFilter() {
        assertThatThrownBy(() -> PageToken.decode(token.encode(), FILTER + 1))
                .hasMessageContaining("different filter");
    }

    @Test
    void decode_rejectsGarbage() {
        assertThatThrownBy(() -> PageToken.decode("not a token!", FILTER))
                .isInstanceOf(ServiceException.class);
    }
}
