package io.shipwatch.platform.auth;

import io.grpc.CallCredentials;
import io.grpc.Metadata;
import io.grpc.Status;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * The bearer token this service presents when it calls another one (role {@code service}).
 * A token given in configuration (SHIPWATCH_AUTH_SERVICE_TOKEN, e.g. issued by the platform's
 * identity provider for RS256) is used as it is; otherwise, in an HS256 deployment, the service
 * signs its own short-lived token with the shared secret and renews it well before it expires.
 */
@Singleton
public class ServiceCredentials extends CallCredentials {
    static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final Duration TTL = Duration.ofHours(1);
    private static final Duration RENEW_BEFORE = Duration.ofMinutes(10);

    private final String configuredToken;
    private final String secret;
    private final String subject;
    private final Clock clock;
    private String minted;
    private Instant mintedExpiry = Instant.MIN;

    public ServiceCredentials(@Value("${shipwatch.auth.service-token:}") String configuredToken,
                              @Value("${shipwatch.auth.hs256-secret:}") String secret,
                              @Value("${micronaut.application.name:shipwatch}") String subject) {
        this(configuredToken, secret, subject, Clock.systemUTC());
    }

    ServiceCredentials(String configuredToken, String secret, String subject, Clock clock) {
        this.configuredToken = configuredToken == null || configuredToken.isBlank() ? null : configuredToken.strip();
        this.secret = secret == null || secret.isBlank() ? null : secret;
        this.subject = subject;
        this.clock = clock;
    }

    /** The token to send now, or null when neither a token nor a secret is configured. */
    public synchronized String token() {
        if (configuredToken != null) {
            return configuredToken;
        }
        if (secret == null) {
            return null;
        }
        Instant now = clock.instant();
        if (minted == null || now.isAfter(mintedExpiry.minus(RENEW_BEFORE))) {
            minted = DevTokens.issue(secret, subject, List.of(Role.SERVICE), TTL);
            mintedExpiry = now.plus(TTL);
        }
        return minted;
    }

    @Override
    public void applyRequestMetadata(RequestInfo requestInfo, Executor appExecutor, MetadataApplier applier) {
        String token = token();
        if (token == null) {
            applier.fail(Status.UNAUTHENTICATED.withDescription(
                    "no service credentials: set SHIPWATCH_AUTH_SERVICE_TOKEN or SHIPWATCH_AUTH_HS256_SECRET"));
            return;
        }
        Metadata headers = new Metadata();
        headers.put(AUTHORIZATION, "Bearer " + token);
        applier.apply(headers);
    }
}
