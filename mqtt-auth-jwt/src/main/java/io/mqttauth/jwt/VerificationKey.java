package io.mqttauth.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.impl.ECDSA;
import com.nimbusds.jose.crypto.impl.HMAC;
import com.nimbusds.jose.crypto.impl.RSASSA;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import jakarta.annotation.Nullable;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * One key that can verify token signatures, with the algorithms it may be used with and a check built once. The
 * algorithms follow from the key itself: its type ({@code kty}) and curve, its {@code alg}, {@code use} and
 * {@code key_ops} when it is a JWK, its size, and for an HMAC secret its length. A token whose {@code alg} is not among
 * them is never verified with this key, so an HMAC token never meets a public key.
 *
 * <p>ECDSA signatures are verified with Bouncy Castle, which is 3 to 5 times faster than the JDK's SunEC on JDK 17
 * (about 0.3 against 1.4 ms for ES256 on the benchmark machine); RSA and HMAC use the JDK's providers, which are as
 * fast as Bouncy Castle's for RSA. The Bouncy Castle provider is a private instance: it is not registered in
 * {@link java.security.Security}, so the broker's JCA configuration is left alone. An EC key is converted to Bouncy
 * Castle's own key class once, when it is read, rather than on every verification.
 *
 * <p>The checks are those of Nimbus' {@code RSASSAVerifier}, {@code ECDSAVerifier} and {@code MACVerifier}, built
 * from the same Nimbus parts ({@link RSASSA}, {@link ECDSA} and {@link HMAC}: the JCA names, PSS parameters, the
 * ECDSA signature length and range checks against CVE-2022-21449, the DER transcoding), but over signature bytes
 * decoded once by the caller: Nimbus' verifiers take the signature as base64url text and decode it with a codec that
 * cost more than a third of an RS256 decision. The {@code crit} header is checked by the caller.
 *
 * <p>Immutable and thread-safe (a check creates its {@link Signature} per call, or clones a {@link Mac} keyed once). Holds no reference to the JWK it was built
 * from, so that a cache with weak keys can drop it when the JWK set is replaced.
 */
final class VerificationKey {

    /** Curves and the one ECDSA algorithm each serves. */
    private static final Map<Curve, JWSAlgorithm> EC_CURVES = Map.of(Curve.P_256, JWSAlgorithm.ES256,
            Curve.P_384, JWSAlgorithm.ES384, Curve.P_521, JWSAlgorithm.ES512);
    private static final int MIN_RSA_BITS = 2048;

    /**
     * The provider for ECDSA: Bouncy Castle's, created on first use (it costs tens of milliseconds) and checked once by
     * verifying a signature the JDK made with each curve's algorithm, with the JDK's public key converted to Bouncy
     * Castle's key class; if that fails (a cut-down Bouncy Castle in a shaded jar), null, and the JDK's providers
     * verify ECDSA, correctly but slower.
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
                    verifier.initVerify(KeyFactory.getInstance("EC", bc).generatePublic(
                            new X509EncodedKeySpec(pair.getPublic().getEncoded())));
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
    private final @Nullable Check check;

    /** A signature check with one key, for any algorithm the key allows. */
    @FunctionalInterface
    private interface Check {
        boolean verify(JWSAlgorithm alg, byte[] signingInput, byte[] signature)
                throws GeneralSecurityException, JOSEException;
    }

    private VerificationKey(String description, @Nullable String kid, Set<JWSAlgorithm> algorithms, String limits,
            @Nullable Check check) {
        this.description = description;
        this.kid = kid;
        this.algorithms = algorithms.isEmpty() || check == null ? Set.of() : Set.copyOf(algorithms);
        this.limits = limits;
        this.check = check;
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
        Check check;
        try {
            if (jwk instanceof RSAKey rsa) {
                int bits = rsa.size();
                limits = "RSA " + bits + " bits";
                if (bits < MIN_RSA_BITS) {
                    return unusable(name, kid, limits + ", shorter than " + MIN_RSA_BITS + " bits");
                }
                algorithms = Algorithms.RSA;
                check = rsa(rsa.toRSAPublicKey());
            } else if (jwk instanceof ECKey ec) {
                JWSAlgorithm alg = EC_CURVES.get(ec.getCurve());
                limits = "EC " + ec.getCurve().getName();
                if (alg == null) {
                    return unusable(name, kid, limits + ", a curve this provider does not verify");
                }
                algorithms = Set.of(alg);
                check = ecdsa(ec.toECPublicKey());
            } else if ("oct".equals(type)) {
                return unusable(name, kid, "a symmetric (oct) key; HMAC secrets are read only from "
                        + "jwt.hmac.secret-path");
            } else {
                return unusable(name, kid, "kty " + type + ", which this provider does not verify");
            }
        } catch (JOSEException | GeneralSecurityException e) {
            return unusable(name, kid, type + ", not a valid public key");
        }
        if (jwk.getAlgorithm() != null) {
            String alg = jwk.getAlgorithm().getName();
            limits = limits + ", alg " + alg;
            JWSAlgorithm only = Algorithms.byName(alg);
            algorithms = only != null && algorithms.contains(only) ? Set.of(only) : Set.of();
        }
        return new VerificationKey(name, kid, algorithms, limits, check);
    }

    /** RS256/384/512 and PS256/384/512 with the JDK's provider. */
    private static Check rsa(PublicKey key) {
        return (alg, input, signature) -> {
            Signature verifier = RSASSA.getSignerAndVerifier(alg, null);
            verifier.initVerify(key);
            verifier.update(input);
            return verifier.verify(signature);
        };
    }

    /** ES256/384/512 with Bouncy Castle's provider and its own key class, or the JDK's if Bouncy Castle is unusable. */
    private static Check ecdsa(PublicKey key) throws GeneralSecurityException {
        Provider provider = Jca.ECDSA;
        PublicKey usable = provider == null ? key
                : KeyFactory.getInstance("EC", provider).generatePublic(new X509EncodedKeySpec(key.getEncoded()));
        return (alg, input, signature) -> {
            if (signature.length != ECDSA.getSignatureByteArrayLength(alg)) {
                return false;
            }
            ECDSA.ensureLegalSignature(signature, alg);
            Signature verifier = ECDSA.getSignerAndVerifier(alg, provider);
            verifier.initVerify(usable);
            verifier.update(input);
            return verifier.verify(ECDSA.transcodeSignatureToDER(signature));
        };
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
        Map<JWSAlgorithm, Mac> macs = new HashMap<>();
        try {
            for (JWSAlgorithm alg : algorithms) {
                SecretKey key = new SecretKeySpec(secret, "HmacSHA" + alg.getName().substring(2));
                macs.put(alg, HMAC.getInitMac(key, null));
            }
        } catch (JOSEException e) {
            return unusable("the HMAC secret " + where, null, "HMAC secret of " + secret.length + " bytes, for which "
                    + "this JDK has no HMAC");
        }
        Map<JWSAlgorithm, Mac> byAlgorithm = Map.copyOf(macs);
        // A Mac keyed once and cloned per check: keying it costs as much as a short token's MAC. A clone that fails
        // (a provider whose Mac cannot be cloned) is keyed afresh.
        Check check = (alg, input, signature) -> MessageDigest.isEqual(copy(byAlgorithm.get(alg)).doFinal(input),
                signature);
        return new VerificationKey("the HMAC secret " + where, null, algorithms,
                "HMAC secret of " + secret.length + " bytes", check);
    }

    /** A fresh copy of a keyed {@link Mac}; the prototype itself is never used, so checks may run in parallel. */
    private static Mac copy(Mac prototype) throws GeneralSecurityException {
        try {
            return (Mac) prototype.clone();
        } catch (CloneNotSupportedException e) {
            throw new GeneralSecurityException("the HMAC of " + prototype.getProvider() + " cannot be cloned", e);
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
    boolean verify(JWSAlgorithm alg, byte[] signingInput, byte[] signature) {
        if (check == null || !allows(alg)) {
            return false;
        }
        try {
            return check.verify(alg, signingInput, signature);
        } catch (GeneralSecurityException | JOSEException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return description + " (" + limits + ")";
    }
}
