package io.mqttauth.jwt;

import com.nimbusds.jose.JWSAlgorithm;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The keys read from one local file (a JWKS file, a PEM file or an HMAC secret), with the union of the algorithms they
 * may verify. Immutable; swapped as a whole when the file is reloaded.
 *
 * @param keys the keys, in file order
 * @param algorithms every algorithm some key may verify
 */
record KeySet(List<VerificationKey> keys, Set<JWSAlgorithm> algorithms) {

    /** Copies the list. */
    KeySet {
        keys = List.copyOf(keys);
        algorithms = Set.copyOf(algorithms);
    }

    /** The keys with the union of their algorithms. */
    static KeySet of(List<VerificationKey> keys) {
        Set<JWSAlgorithm> algorithms = new HashSet<>();
        keys.forEach(k -> algorithms.addAll(k.algorithms()));
        return new KeySet(keys, algorithms);
    }
}
