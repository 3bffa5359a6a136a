package io.mqttauth.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import jakarta.annotation.Nullable;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * One key that can verify token signatures, with the algorithms it may be used with and a verifier built once. The
 * algorithms follow from the key itself: its type ({@code kty}) and curve, its {@code alg}, {@code use} and
 * {@code key_ops} when it is a JWK, its size, and for an HMAC secret its length. A token whose {@code alg} is not among
 * them is never verified with this key, so an HMAC token never meets a public key.
 *
 * <p>ECDSA signatures are verified with Bouncy Castle, which is 3 to 5 times faster than the JDK's SunEC on JDK 17
 * (about 0.3 against 1.4 ms for ES256 on the benchmark machine); RSA and HMAC use the JDK's providers, which are as
 * fast as Bouncy Castle's for RSA. The Bouncy Castle provider is a private instance: it is not registered in
 * {@link java.security.Security}, so the broker's JCA configuration is left alone.
 *
 * <p>Immutable and thread-safe (Nimbus verifiers hold no per-call state). Holds no reference to the JWK it was built
 * from, so that a cache with weak keys can drop it when the JWK set is replaced.
 */
final class VerificationKey {

    /** Curves and the one ECDSA algorithm each serves. */
    private static final Map<Curve, JWSAlgorithm> EC_CURVES = Map.of(Curve.P_256, JWSAlgorithm.ES256,
            Curve.P_384, JWSAlgorithm.ES384, Curve.P_521, JWSAlgorithm.ES512);
    private static final int MIN_RSA_BITS = 2048;

    /**
     * The provider for ECDSA: Bouncy Castle's, created on first use (it costs tens of milliseconds) and checked once by
     * verifying a signature the JDK made with each curve's algorithm; if that fails (a cut-down Bouncy Castle in a
     * shaded jar), null, and the JDK's providers verify ECDSA, correctly but slower.
     */
    static final class Jca {
        static final @Nullable Provider ECDSA = ecdsa();

        private static @Nullable Provider ecdsa() {
            try {
                Provider bc = new BouncyCastleProvider();
                for (String[] curve : new String[][] {{"secp256r1", "SHA256withECDSA"}, {"secp384r1", "SHA384withECDSA"},
                        {"secp521r1", "SHA512withECDSA"}}) {
                    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
                    generator.initialize(new ECGenParameterSpec(curve[0]));
                    KeyPair pair = generator.generateKeyPair();
                    Signature signer = Signature.getInstance(curve[1]);
                    signer.initSign(pair.getPrivate());
                    byte[] data = {1, 2, 3};
                    signer.update(data);
                    byte[] signature = signer.sign();
                    Signature verifier = Signature.getInstance(curve[1], bc);
                    verifier.initVerify(pair.getPublic());
                    verifier.update(data);
                    if (!verifier.verify(signature)) {
                        throw new GeneralSecurityException("Bouncy Castle does not verify " + curve[1]);
                    }
                }
                return bc;
            } catch (GeneralSecurityException | RuntimeException | LinkageError e) {
                System.getLogger(VerificationKey.class.getName()).log(System.Logger.Level.WARNING, "jwt: Bouncy "
                        + "Castle's ECDSA is not usable here (" + e.getClass().getName() + "); ECDSA signatures are "
                        + "verified with the JDK's provider, about 4 times slower");
                return null;
            }
        }
    }

    private final String description;
    private final @Nullable String kid;
    private final Set<JWSAlgorithm> algorithms;
    private final String limits;
    private final @Nullable JWSVerifier verifier;

    private VerificationKey(String description, @Nullable String kid, Set<JWSAlgorithm> algorithms, String limits,
            @Nullable JWSVerifier verifier) {
        this.description = description;
        this.kid = kid;
        this.algorithms = algorithms.isEmpty() || verifier == null ? Set.of() : Set.copyOf(algorithms);
        this.limits = limits;
        this.verifier = verifier;
    }

    /**
     * The key for a JWK (its public part; a symmetric {@code oct} JWK verifies nothing: HMAC secrets come only from
     * {@code jwt.hmac.secret-path}).
     *
     * @param where where the key comes from, for messages, such as {@code in keys.json}
     */
    static VerificationKey of(JWK jwk, String where) {
        String kid = jwk.getKeyID();
        String name = (kid == null ? "the key without kid " : "key " + Text.quote(kid) + " ") + where;
        String type = jwk.getKeyType().getValue();
        if (jwk.getKeyUse() != null && !KeyUse.SIGNATURE.equals(jwk.getKeyUse())) {
            return unusable(name, kid, type + ", use \"" + jwk.getKeyUse().identifier() + "\", not \"sig\"");
        }
        if (jwk.getKeyOperations() != null && !jwk.getKeyOperations().contains(KeyOperation.VERIFY)) {
            return unusable(name, kid, type + ", key_ops without \"verify\"");
        }
        Set<JWSAlgorithm> algorithms;
        String limits;
        JWSVerifier verifier;
        try {
            if (jwk instanceof RSAKey rsa) {
                int bits = rsa.size();
                limits = "RSA " + bits + " bits";
                if (bits < MIN_RSA_BITS) {
                    return unusable(name, kid, limits + ", shorter than " + MIN_RSA_BITS + " bits");
                }
                algorithms = Algorithms.RSA;
                verifier = new RSASSAVerifier(rsa.toRSAPublicKey());
            } else if (jwk instanceof ECKey ec) {
                JWSAlgorithm alg = EC_CURVES.get(ec.getCurve());
                limits = "EC " + ec.getCurve().getName();
                if (alg == null) {
                    return unusable(name, kid, limits + ", a curve this provider does not verify");
                }
                algorithms = Set.of(alg);
                ECDSAVerifier ecdsa = new ECDSAVerifier(ec.toECPublicKey());
                if (Jca.ECDSA != null) {
                    ecdsa.getJCAContext().setProvider(Jca.ECDSA);
                }
                verifier = ecdsa;
            } else if ("oct".equals(type)) {
                return unusable(name, kid, "a symmetric (oct) key; HMAC secrets are read only from "
                        + "jwt.hmac.secret-path");
            } else {
                return unusable(name, kid, "kty " + type + ", which this provider does not verify");
            }
        } catch (JOSEException e) {
            return unusable(name, kid, type + ", not a valid public key");
        }
        if (jwk.getAlgorithm() != null) {
            String alg = jwk.getAlgorithm().getName();
            limits = limits + ", alg " + alg;
            JWSAlgorithm only = Algorithms.byName(alg);
            algorithms = only != null && algorithms.contains(only) ? Set.of(only) : Set.of();
        }
        return new VerificationKey(name, kid, algorithms, limits, verifier);
    }

    /**
     * The key for an HMAC secret: HS256, HS384 and HS512 as far as the secret is long enough for each (32, 48 and 64
     * bytes); the caller has checked that it is at least 32 bytes long.
     */
    static VerificationKey hmac(byte[] secret, String where) {
        Set<JWSAlgorithm> algorithms = new HashSet<>();
        for (JWSAlgorithm alg : Algorithms.HMAC) {
            if (secret.length >= Algorithms.hmacSecretBytes(alg)) {
                algorithms.add(alg);
            }
        }
        try {
            return new VerificationKey("the HMAC secret " + where, null, algorithms,
                    "HMAC secret of " + secret.length + " bytes", new MACVerifier(secret));
        } catch (JOSEException e) {
            throw new IllegalArgumentException("an HMAC secret of at least 32 bytes was checked before", e);
        }
    }

    private static VerificationKey unusable(String name, @Nullable String kid, String limits) {
        return new VerificationKey(name, kid, Set.of(), limits, null);
    }

    /** The key's {@code kid}, or null. */
    @Nullable String kid() {
        return kid;
    }

    /** Whether the key may verify tokens signed with {@code alg}. */
    boolean allows(JWSAlgorithm alg) {
        return algorithms.contains(alg);
    }

    /** The algorithms the key may verify; empty when it verifies nothing. */
    Set<JWSAlgorithm> algorithms() {
        return algorithms;
    }

    /** Which key this is and where it comes from, such as {@code key "k1" in keys.json}. */
    String description() {
        return description;
    }

    /** What limits the key's algorithms, such as {@code EC P-256, alg ES256}. */
    String limits() {
        return limits;
    }

    /**
     * Whether the signature verifies. Only called with an algorithm the key {@linkplain #allows allows}; a key the
     * JCA rejects counts as a signature that does not verify.
     */
    boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature) {
        if (verifier == null || !allows(header.getAlgorithm())) {
            return false;
        }
        try {
            return verifier.verify(header, signingInput, signature);
        } catch (JOSEException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return description + " (" + limits + ")";
    }
}
