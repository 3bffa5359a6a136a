package io.mqttauth.jwt;

import com.nimbusds.jose.JWSAlgorithm;
import jakarta.annotation.Nullable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The signing algorithms this provider verifies, by family, and the HMAC secret length each needs. */
final class Algorithms {

    /** RSA keys: PKCS#1 v1.5 and PSS. */
    static final Set<JWSAlgorithm> RSA = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512);
    /** EC keys on P-256, P-384 and P-521. */
    static final Set<JWSAlgorithm> EC = Set.of(JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512);
    /** HMAC secrets. */
    static final Set<JWSAlgorithm> HMAC = Set.of(JWSAlgorithm.HS256, JWSAlgorithm.HS384, JWSAlgorithm.HS512);
    /** What a JWKS URL may serve keys for. */
    static final Set<JWSAlgorithm> ASYMMETRIC = union(RSA, EC);

    /** Every supported algorithm by its {@code alg} name, in a stable order for messages. */
    private static final Map<String, JWSAlgorithm> BY_NAME = new LinkedHashMap<>();

    static {
        for (JWSAlgorithm a : new JWSAlgorithm[] {JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
                JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256, JWSAlgorithm.ES384,
                JWSAlgorithm.ES512, JWSAlgorithm.HS256, JWSAlgorithm.HS384, JWSAlgorithm.HS512}) {
            BY_NAME.put(a.getName(), a);
        }
    }

    private Algorithms() {
    }

    /** The supported algorithm with this exact (case-sensitive) name, or null. */
    static @Nullable JWSAlgorithm byName(String name) {
        return BY_NAME.get(name);
    }

    /** The supported names, comma-separated, for messages. */
    static String supportedNames() {
        return String.join(", ", BY_NAME.keySet());
    }

    /** The bytes an HMAC secret needs for the algorithm: the size of its hash (RFC 7518 section 3.2). */
    static int hmacSecretBytes(JWSAlgorithm alg) {
        return alg.equals(JWSAlgorithm.HS512) ? 64 : alg.equals(JWSAlgorithm.HS384) ? 48 : 32;
    }

    /** Names in the stable order, comma-separated. */
    static String names(Set<JWSAlgorithm> algorithms) {
        return BY_NAME.values().stream().filter(algorithms::contains).map(JWSAlgorithm::getName)
                .collect(Collectors.joining(", "));
    }

    static Set<JWSAlgorithm> union(Set<JWSAlgorithm> a, Set<JWSAlgorithm> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).collect(Collectors.toUnmodifiableSet());
    }
}
