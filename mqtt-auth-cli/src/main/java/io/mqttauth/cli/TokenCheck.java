package io.mqttauth.cli;

import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads a JWT that a client sends as its password (or user name) without verifying it: the header and the claims,
 * never the signature, to point out an expired {@code exp}, a future {@code nbf} or an unexpected {@code aud} before
 * the broker is asked. What it reports names claims and times, never the token.
 */
final class TokenCheck {

    private static final Pattern COMPACT = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*"
            + "(\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+)?");

    private TokenCheck() {
    }

    /** What the token says: a summary of its header and claims, and the problems found (empty if none). */
    record Findings(String summary, List<String> problems) {
    }

    /** Whether {@code value} (trailing line breaks ignored) has the shape of a compact JWS or JWE. */
    static boolean looksLikeJwt(byte[] value) {
        return COMPACT.matcher(stripLineBreak(new String(value, StandardCharsets.ISO_8859_1))).matches();
    }

    /** {@code s} without one trailing {@code \n} or {@code \r\n}. */
    static String stripLineBreak(String s) {
        if (s.endsWith("\r\n")) {
            return s.substring(0, s.length() - 2);
        }
        return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    }

    /**
     * Reads the token's header and claims. {@code audience} is the audience the broker expects ({@code null}: not
     * known, so {@code aud} is only shown). {@code null} when the value does not parse as a JWT.
     */
    static Findings read(byte[] value, String audience, Instant now) {
        JWT jwt;
        try {
            jwt = JWTParser.parse(stripLineBreak(new String(value, StandardCharsets.US_ASCII)));
        } catch (ParseException e) {
            return null;
        }
        String header = "alg " + jwt.getHeader().getAlgorithm()
                + (jwt.getHeader().toJSONObject().get("kid") != null
                ? ", kid \"" + jwt.getHeader().toJSONObject().get("kid") + "\"" : "");
        if (jwt instanceof EncryptedJWT) {
            return new Findings("an encrypted JWT (" + header + "); its claims cannot be read without the key",
                    List.of());
        }
        JWTClaimsSet claims;
        try {
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            return new Findings("a JWT (" + header + ") whose claims are not a JSON object",
                    List.of("the token's claims do not parse as JSON: " + e.getMessage()));
        }
        List<String> facts = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Date exp = claims.getExpirationTime();
        Date nbf = claims.getNotBeforeTime();
        List<String> aud = claims.getAudience();
        if (claims.getIssuer() != null) {
            facts.add("iss \"" + claims.getIssuer() + "\"");
        }
        if (claims.getSubject() != null) {
            facts.add("sub \"" + claims.getSubject() + "\"");
        }
        if (!aud.isEmpty()) {
            facts.add("aud " + String.join(", ", aud));
        }
        if (exp != null) {
            facts.add("exp " + exp.toInstant());
            if (!exp.toInstant().isAfter(now)) {
                problems.add("the token expired at " + exp.toInstant() + " (it is now " + now + "): a broker that "
                        + "checks exp refuses it");
            }
        } else {
            facts.add("no exp");
        }
        if (nbf != null) {
            facts.add("nbf " + nbf.toInstant());
            if (nbf.toInstant().isAfter(now)) {
                problems.add("the token is not valid before " + nbf.toInstant() + " (it is now " + now + "): a "
                        + "broker that checks nbf refuses it until then (or the clock of its issuer is ahead)");
            }
        }
        if (audience != null && !aud.contains(audience)) {
            problems.add("the token's audience is " + (aud.isEmpty() ? "not set" : String.join(", ", aud))
                    + ", not \"" + audience + "\" (--audience): a broker that expects \"" + audience
                    + "\" refuses it");
        }
        return new Findings("a JWT (" + header + "; " + String.join(", ", facts) + ")", List.copyOf(problems));
    }
}
