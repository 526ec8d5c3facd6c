package io.shipwatch.platform.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verifies bearer JWTs (HS256 or RS256) and turns them into a {@link Principal}. Roles come
 * from the {@code roles} claim (a list) or a single {@code role} claim. {@code exp} is
 * required; unknown roles are ignored.
 *
 * <p>A client sends the same token on every call, so verified tokens are remembered (bounded)
 * until they expire: parsing and checking the signature again each time was a tenth of a
 * write's CPU. Only tokens whose signature and claims passed are remembered, and expiry is
 * checked again on every use.
 */
public final class JwtVerifier {
    private static final int MAX_REMEMBERED = 10_000;
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();
    private final JWSVerifier hmac;
    private final JWSVerifier rsa;
    private final AuthSettings settings;
    private final Clock clock;

    public JwtVerifier(AuthSettings settings, Clock clock) {
        if (settings.hs256Secret() == null && settings.rs256PublicKeyPem() == null) {
            throw new IllegalArgumentException("configure shipwatch.auth.hs256-secret or shipwatch.auth.rs256-public-key"
                    + " (env SHIPWATCH_AUTH_HS256_SECRET / SHIPWATCH_AUTH_RS256_PUBLIC_KEY)");
        }
        this.settings = settings;
        this.clock = clock;
        try {
            this.hmac = settings.hs256Secret() == null ? null
                    : new MACVerifier(settings.hs256Secret().getBytes(StandardCharsets.UTF_8));
        } catch (JOSEException e) {
            throw new IllegalArgumentException("the HS256 secret must be at least 32 bytes", e);
        }
        this.rsa = settings.rs256PublicKeyPem() == null ? null : new RSASSAVerifier(parsePublicKey(settings.rs256PublicKeyPem()));
    }

    /** Verifies the token; throws {@link InvalidTokenException} with a client-safe reason. */
    public Principal verify(String token) {
        Verified known = verified.get(token);
        if (known != null) {
            if (known.expires().plus(settings.clockSkew()).isBefore(clock.instant())) {
                verified.remove(token);
                throw new InvalidTokenException("token expired");
            }
            return known.principal();
        }
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException e) {
            throw new InvalidTokenException("malformed token");
        }
        JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
        JWSVerifier verifier = JWSAlgorithm.HS256.equals(alg) ? hmac : JWSAlgorithm.RS256.equals(alg) ? rsa : null;
        if (verifier == null) {
            throw new InvalidTokenException("unsupported token algorithm " + alg);
        }
        try {
            if (!jwt.verify(verifier)) {
                throw new InvalidTokenException("bad token signature");
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            Principal principal = principalOf(claims);
            remember(token, new Verified(principal, claims.getExpirationTime().toInstant()));
            return principal;
        } catch (JOSEException | ParseException e) {
            throw new InvalidTokenException("token could not be verified");
        }
    }

    private void remember(String token, Verified v) {
        if (verified.size() >= MAX_REMEMBERED) {
            verified.clear();
        }
        verified.put(token, v);
    }

    private record Verified(Principal principal, Instant expires) {
    }

    private Principal principalOf(JWTClaimsSet claims) throws ParseException {
        Instant now = clock.instant();
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            throw new InvalidTokenException("token has no exp claim");
        }
        if (exp.toInstant().plus(settings.clockSkew()).isBefore(now)) {
            throw new InvalidTokenException("token expired");
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && nbf.toInstant().minus(settings.clockSkew()).isAfter(now)) {
            throw new InvalidTokenException("token not valid yet");
        }
        if (settings.issuer() != null && !settings.issuer().equals(claims.getIssuer())) {
            throw new InvalidTokenException("unexpected token issuer");
        }
        if (settings.audience() != null && (claims.getAudience() == null || !claims.getAudience().contains(settings.audience()))) {
            throw new InvalidTokenException("unexpected token audience");
        }
        String subject = claims.getSubject();
        if (subject == null || subject.isBlank()) {
            throw new InvalidTokenException("token has no sub claim");
        }
        return new Principal(subject, rolesOf(claims));
    }

    private static Set<Role> rolesOf(JWTClaimsSet claims) throws ParseException {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        List<String> list = claims.getClaim("roles") instanceof List<?> ? claims.getStringListClaim("roles") : List.of();
        for (String r : list) {
            Role.fromClaim(r).ifPresent(roles::add);
        }
        String single = claims.getClaim("role") instanceof String ? claims.getStringClaim("role") : null;
        if (single != null) {
            Role.fromClaim(single).ifPresent(roles::add);
        }
        return roles;
    }

    static RSAPublicKey parsePublicKey(String pem) {
        String base64 = pem.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
        try {
            byte[] der = Base64.getDecoder().decode(base64);
            return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
        } catch (Exception e) {
            throw new IllegalArgumentException("shipwatch.auth.rs256-public-key is not a PEM RSA public key", e);
        }
    }

    /** A token that must be refused; the message is safe to send to the client. */
    public static final class InvalidTokenException extends RuntimeException {
        public InvalidTokenException(String message) {
            super(message, null, false, false);
        }
    }
}
