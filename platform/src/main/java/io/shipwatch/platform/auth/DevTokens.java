package io.shipwatch.platform.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * Issues HS256 tokens for development and tests. {@code ./shipwatch token ROLE} runs
 * {@link #main}; the secret comes from SHIPWATCH_AUTH_HS256_SECRET, the same variable the
 * services verify with.
 */
public final class DevTokens {
    private DevTokens() {
    }

    public static String issue(String secret, String subject, List<Role> roles, Duration ttl) {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(subject)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .claim("roles", roles.stream().map(Role::claimValue).toList())
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (JOSEException e) {
            throw new IllegalArgumentException("the HS256 secret must be at least 32 bytes", e);
        }
        return jwt.serialize();
    }

    /** Usage: DevTokens ROLE [SUBJECT] [TTL_HOURS]; prints the token as the last line. */
    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: token ROLE [SUBJECT] [TTL_HOURS]   roles: viewer deployer operator auditor service");
            System.exit(2);
        }
        Role role = Role.fromClaim(args[0]).orElse(null);
        if (role == null) {
            System.err.println("unknown role '" + args[0] + "'; roles: viewer deployer operator auditor service");
            System.exit(2);
        }
        String secret = System.getenv("SHIPWATCH_AUTH_HS256_SECRET");
        if (secret == null || secret.isBlank()) {
            System.err.println("SHIPWATCH_AUTH_HS256_SECRET is not set");
            System.exit(2);
        }
        String subject = args.length > 1 ? args[1] : "dev-" + role.claimValue();
        long hours = args.length > 2 ? Long.parseLong(args[2]) : 12;
        System.out.println(issue(secret, subject, List.of(role), Duration.ofHours(hours)));
    }
}
