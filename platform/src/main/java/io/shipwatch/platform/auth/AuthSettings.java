package io.shipwatch.platform.auth;

import java.time.Duration;

/**
 * How tokens are verified: an HS256 shared secret, an RS256 public key (PEM), or both.
 * Issuer and audience are checked only when configured.
 */
public record AuthSettings(String hs256Secret, String rs256PublicKeyPem, String issuer, String audience,
                           Duration clockSkew) {
    public AuthSettings {
        hs256Secret = blankToNull(hs256Secret);
        rs256PublicKeyPem = blankToNull(rs256PublicKeyPem);
        issuer = blankToNull(issuer);
        audience = blankToNull(audience);
        clockSkew = clockSkew == null ? Duration.ofSeconds(30) : clockSkew;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
