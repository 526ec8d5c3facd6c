package io.shipwatch.platform.testing;

import io.grpc.ClientInterceptor;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.shipwatch.platform.auth.DevTokens;
import io.shipwatch.platform.auth.Role;
import java.time.Duration;
import java.util.List;

/** Client interceptors that send a bearer JWT, for tests that call a service as some role. */
public final class TestTokens {
    private TestTokens() {
    }

    /** Sends "authorization: Bearer <HS256 token for subject with role>", valid for an hour. */
    public static ClientInterceptor bearer(String secret, Role role, String subject) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
                "Bearer " + DevTokens.issue(secret, subject, List.of(role), Duration.ofHours(1)));
        return MetadataUtils.newAttachHeadersInterceptor(headers);
    }
}
