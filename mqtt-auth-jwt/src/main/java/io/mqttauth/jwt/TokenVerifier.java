package io.mqttauth.jwt;

import com.nimbusds.jose.JWSAlgorithm;
import io.mqttauth.AuthenticationResult;
import io.mqttauth.ConnectRequest;
import io.mqttauth.FailureReason;
import io.mqttauth.Identity;
import jakarta.annotation.Nullable;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks one compact JWS in a fixed order and builds the identity, or refuses with the first failure's reason:
 * header and algorithm ({@code none} and anything off the allow-list refused before any key is looked at), key and
 * signature, then, only once the signature verified, the payload: {@code exp}, {@code nbf} and {@code iat},
 * {@code iss}, {@code aud}, the required claims, the exact claim values, the user-name claim, the identity claim, the
 * roles and the topic rules. The JSON of headers and claim sets seen before is not parsed again ({@link ParsedParts}).
 * Details name the claim that failed but never quote a claim value that may be a secret.
 */
final class TokenVerifier {

    private static final Base64.Decoder BASE64URL = Base64.getUrlDecoder();

    /** The characters of base64url, indexed by character. */
    private static final boolean[] BASE64URL_CHARS = new boolean[128];

    static {
        for (char c = 'A'; c <= 'Z'; c++) {
            BASE64URL_CHARS[c] = true;
            BASE64URL_CHARS[Character.toLowerCase(c)] = true;
        }
        for (char c = '0'; c <= '9'; c++) {
            BASE64URL_CHARS[c] = true;
        }
        BASE64URL_CHARS['-'] = true;
        BASE64URL_CHARS['_'] = true;
    }

    private final String provider;
    private final JwtSettings settings;
    private final Keys keys;
    private final Clock clock;
    private final ParsedParts parsed = new ParsedParts();

    TokenVerifier(String provider, JwtSettings settings, Keys keys, Clock clock) {
        this.provider = provider;
        this.settings = settings;
        this.keys = keys;
        this.clock = clock;
    }

    /**
     * Whether the credential has the shape of a compact JWS: three dot-separated parts of base64url characters
     * without padding, the first two non-empty (the signature is empty in an unsigned token, which is then refused).
     */
    static boolean looksLikeJwt(String s) {
        int dots = 0;
        int partStart = 0;
        int length = s.length();
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (c == '.') {
                if (!isPartLength(i - partStart, dots)) {
                    return false;
                }
                dots++;
                partStart = i + 1;
            } else if (c >= BASE64URL_CHARS.length || !BASE64URL_CHARS[c]) {
                return false;
            }
        }
        return dots == 2 && isPartLength(length - partStart, dots);
    }

    /** Whether a base64url part without padding may be {@code length} long; only the signature (part 2) may be empty. */
    private static boolean isPartLength(int length, int partIndex) {
        return length % 4 != 1 && (length > 0 || partIndex == 2);
    }

    /**
     * Verifies a token that {@link #looksLikeJwt looks like a JWT}.
     *
     * @throws Refusal with the reason and an operator-safe detail
     */
    AuthenticationResult.Success verify(String token, ConnectRequest request) throws Refusal {
        int dot1 = token.indexOf('.');
        int dot2 = token.indexOf('.', dot1 + 1);
        Header header = header(token.substring(0, dot1));
        byte[] signingInput = token.substring(0, dot2).getBytes(StandardCharsets.US_ASCII);
        byte[] signature = BASE64URL.decode(token.substring(dot2 + 1));
        VerificationKey key = keys.verify(header.alg(), header.kid(), signingInput, signature);
        ParsedParts.Payload payload = parsed.verifiedPayload(signingInput, dot1 + 1, signature);
        Map<String, Object> claims = payload.claims();
        Instant now = clock.instant();
        Instant exp = checkTimes(claims, now);
        checkIssuerAndAudience(claims);
        checkRequiredClaims(claims, request);
        String name = identityName(claims);
        Identity.Builder identity = Identity.builder(name, request).provider(provider)
                .roles(roles(claims))
                .expiresAt(exp == null ? null : exp.isAfter(now) ? exp : exp.plus(settings.clockSkew()));
        if (settings.tokenFrom() == JwtSettings.TokenFrom.USERNAME) {
            identity.username(null); // the user name is the token: an identity never holds a secret
        }
        if (claims.get("iss") instanceof String iss) {
            identity.attribute("jwt_iss", iss);
        }
        if (claims.get("jti") instanceof String jti) {
            identity.attribute("jwt_jti", jti);
        }
        Object acl = claims.get(settings.aclClaim());
        TokenRules rules = acl == null ? null
                : TokenRules.fromClaim(settings.aclClaim(), acl, name, request.clientId());
        if (rules != null) {
            identity.attribute(TokenRules.ATTRIBUTE, rules.encode());
        }
        String verified = payload.detail(key, header.alg(), () -> "token verified with " + key.description() + " ("
                + header.alg().getName() + "); " + settings.identityClaim() + " " + Text.quote(name)
                + (exp == null ? ", no expiry" : ", expires " + exp));
        return new AuthenticationResult.Success(identity.build(), rules == null ? verified : verified + ", "
                + rules.size() + " topic rules from claim " + Text.quote(settings.aclClaim()));
    }

    /** The header parameters a decision uses. */
    private record Header(JWSAlgorithm alg, @Nullable String kid) {
    }

    /**
     * The JOSE header: its {@code alg} on the allow-list, its {@code kid} if any, no {@code enc} (an encrypted token)
     * and no critical parameter. Keys named or embedded in the header are ignored.
     */
    private Header header(String encoded) throws Refusal {
        Map<String, Object> json = parsed.header(encoded);
        if (!(json.get("alg") instanceof String alg)) {
            throw new Refusal(FailureReason.TOKEN_MALFORMED, "the header has no alg");
        }
        if (json.containsKey("enc")) {
            throw new Refusal(FailureReason.TOKEN_MALFORMED, "the header is that of an encrypted token (JWE); only "
                    + "signed tokens (JWS) are accepted");
        }
        if (alg.equals("none")) {
            throw new Refusal(FailureReason.TOKEN_ALGORITHM_NOT_ALLOWED, "alg \"none\" (an unsigned token) is never "
                    + "accepted");
        }
        JWSAlgorithm algorithm = Algorithms.byName(alg);
        if (algorithm == null || !keys.allowed(algorithm)) {
            throw new Refusal(FailureReason.TOKEN_ALGORITHM_NOT_ALLOWED, "alg " + Text.quote(alg) + " is not "
                    + "allowed (allowed: " + keys.allowedNames() + ")");
        }
        Object kid = json.get("kid");
        if (kid != null && !(kid instanceof String)) {
            throw new Refusal(FailureReason.TOKEN_MALFORMED, "the header is malformed: its kid is not a string");
        }
        Object crit = json.get("crit");
        if (crit != null && !(crit instanceof List<?> list && list.stream().allMatch(String.class::isInstance))) {
            throw new Refusal(FailureReason.TOKEN_MALFORMED, "the header is malformed: its crit is not an array of "
                    + "strings");
        }
        if (crit instanceof List<?> critical && !critical.isEmpty()) {
            throw new Refusal(FailureReason.TOKEN_MALFORMED, "the header marks parameters as critical (crit "
                    + Text.quote(String.join(", ", critical.stream().map(String::valueOf).toList())) + "), and this "
                    + "provider understands none, so it must refuse the token (RFC 7515 section 4.1.11)");
        }
        return new Header(algorithm, (String) kid);
    }

    /** Checks {@code exp}, {@code nbf} and {@code iat} against the clock and the skew; returns {@code exp}. */
    private @Nullable Instant checkTimes(Map<String, Object> claims, Instant now) throws Refusal {
        Duration skew = settings.clockSkew();
        Instant exp = time(claims, "exp");
        if (exp == null && settings.requireExp()) {
            throw new Refusal(FailureReason.TOKEN_EXPIRED, "the token has no exp claim, and jwt.require-exp = true");
        }
        if (exp != null && !now.isBefore(exp.plus(skew))) {
            throw new Refusal(FailureReason.TOKEN_EXPIRED, "the token expired at " + exp + at(now, skew));
        }
        Instant nbf = time(claims, "nbf");
        if (nbf != null && now.plus(skew).isBefore(nbf)) {
            throw new Refusal(FailureReason.TOKEN_NOT_YET_VALID, "the token is not valid before " + nbf + " (nbf)"
                    + at(now, skew));
        }
        Instant iat = time(claims, "iat");
        if (iat != null && iat.isAfter(now.plus(skew))) {
            throw new Refusal(FailureReason.TOKEN_NOT_YET_VALID, "the token was issued at " + iat
                    + ", in the future (iat)" + at(now, skew));
        }
        return exp;
    }

    private static String at(Instant now, Duration skew) {
        return " (now " + now + ", jwt.clock-skew " + skew.toSeconds() + " s)";
    }

    /** A NumericDate claim (seconds since the epoch, possibly fractional), or null if absent. */
    private static @Nullable Instant time(Map<String, Object> claims, String name) throws Refusal {
        Object value = claims.get(name);
        if (value == null) {
            return null;
        }
        if (value instanceof Number n) {
            double seconds = n.doubleValue();
            if (Double.isFinite(seconds) && Math.abs(seconds) < 1e14) {
                return n instanceof Long l ? Instant.ofEpochSecond(l) : Instant.ofEpochMilli(
                        (long) Math.floor(seconds * 1000));
            }
        }
        throw new Refusal(FailureReason.TOKEN_MALFORMED, "claim " + name + " is not a time in seconds since 1970");
    }

    private void checkIssuerAndAudience(Map<String, Object> claims) throws Refusal {
        String issuer = settings.issuer();
        if (issuer != null) {
            Object iss = claims.get("iss");
            if (iss == null) {
                throw mismatch("the token has no iss claim (jwt.issuer = " + Text.quote(issuer) + ")");
            }
            if (!(iss instanceof String s) || !s.equals(issuer)) {
                throw mismatch("claim iss is " + Text.quote(String.valueOf(iss)) + ", not jwt.issuer "
                        + Text.quote(issuer));
            }
        }
        List<String> audiences = settings.audiences();
        Object aud = claims.get("aud");
        if (aud == null) {
            if (!audiences.isEmpty()) {
                throw mismatch("the token has no aud claim (jwt.audience = " + shown(audiences) + ")");
            }
            return;
        }
        List<?> values = aud instanceof List<?> list ? list : List.of(aud);
        if (values.stream().anyMatch(v -> !(v instanceof String))) {
            throw mismatch("claim aud is neither a string nor an array of strings");
        }
        if (audiences.isEmpty()) {
            // RFC 7519 section 4.1.3: a recipient that does not identify itself with the aud claim must reject it.
            throw mismatch("claim aud is " + shown(values) + ", and jwt.audience is not set, so the token is meant "
                    + "for an audience this broker does not claim to be");
        }
        if (values.stream().noneMatch(audiences::contains)) {
            throw mismatch("claim aud is " + shown(values) + ", and none is in jwt.audience " + shown(audiences));
        }
    }

    private void checkRequiredClaims(Map<String, Object> claims, ConnectRequest request) throws Refusal {
        for (String name : settings.requiredClaims()) {
            if (claims.get(name) == null) {
                throw mismatch("the token has no claim " + Text.quote(name) + " (jwt.required-claims)");
            }
        }
        String username = request.username().orElse(null);
        for (Map.Entry<String, String> e : settings.claims().entrySet()) {
            String name = e.getKey();
            String key = "jwt.claims." + name;
            if (username == null && Placeholders.usesUsername(e.getValue())) {
                throw mismatch("claim " + Text.quote(name) + " must match " + key + ", which uses ${username}, but "
                        + "the client sent no user name");
            }
            Object value = claims.get(name);
            if (value == null) {
                throw mismatch("the token has no claim " + Text.quote(name) + " (" + key + ")");
            }
            if (!Placeholders.expand(e.getValue(), username, request.clientId()).equals(scalar(value))) {
                throw mismatch("claim " + Text.quote(name) + " does not have the value " + key + " requires");
            }
        }
        String usernameClaim = settings.usernameClaim();
        if (usernameClaim != null) {
            if (username == null) {
                throw mismatch("the client sent no user name, and jwt.username-claim = " + usernameClaim
                        + " requires it to equal that claim");
            }
            Object value = claims.get(usernameClaim);
            if (value == null) {
                throw mismatch("the token has no claim " + Text.quote(usernameClaim) + " (jwt.username-claim)");
            }
            if (!username.equals(scalar(value))) {
                throw mismatch("claim " + Text.quote(usernameClaim) + " is not the user name " + Text.quote(username)
                        + " that the client sent (jwt.username-claim)");
            }
        }
    }

    private String identityName(Map<String, Object> claims) throws Refusal {
        String claim = settings.identityClaim();
        Object value = claims.get(claim);
        String name = value instanceof String s ? s : value instanceof Long l ? l.toString() : null;
        if (name == null) {
            throw mismatch(value == null
                    ? "the token has no claim " + Text.quote(claim) + " to name the identity (jwt.identity-claim)"
                    : "claim " + Text.quote(claim) + ", which names the identity (jwt.identity-claim), is not a string");
        }
        if (name.isEmpty()) {
            throw mismatch("claim " + Text.quote(claim) + ", which names the identity (jwt.identity-claim), is empty");
        }
        return name;
    }

    private Set<String> roles(Map<String, Object> claims) throws Refusal {
        String claim = settings.rolesClaim();
        Object value = claim == null ? null : claims.get(claim);
        if (value == null) {
            return Set.of();
        }
        List<?> values = value instanceof List<?> list ? list : List.of(value);
        Set<String> roles = new LinkedHashSet<>();
        for (Object v : values) {
            if (!(v instanceof String role)) {
                throw mismatch("claim " + Text.quote(claim) + " (jwt.roles-claim) is neither a string nor an array of "
                        + "strings");
            }
            if (!role.isEmpty()) {
                roles.add(role);
            }
        }
        return roles;
    }

    /** A claim's value as text for an exact comparison: strings, integers and booleans; null for anything else. */
    private static @Nullable String scalar(Object value) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Long || value instanceof Boolean) {
            return value.toString();
        }
        if (value instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString(d.longValue());
        }
        return value instanceof Double ? value.toString() : null;
    }

    private static String shown(List<?> values) {
        return "[" + String.join(", ", values.stream().map(v -> Text.quote(String.valueOf(v))).toList()) + "]";
    }

    private static Refusal mismatch(String detail) {
        return new Refusal(FailureReason.TOKEN_CLAIM_MISMATCH, detail);
    }
}
