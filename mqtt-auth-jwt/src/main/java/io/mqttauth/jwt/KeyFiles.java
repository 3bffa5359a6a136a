package io.mqttauth.jwt;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import io.mqttauth.ConfigurationException;
import io.mqttauth.ConfigurationProblem;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * Reads the local key files into {@link KeySet}s: a JWKS file, a PEM file of public keys or certificates, and a raw
 * HMAC secret. Problems name the file (and the line for PEM) and the fix, and never quote key material.
 */
final class KeyFiles {

    private KeyFiles() {
    }

    /**
     * A JWK set ({@code {"keys": [...]}}). Keys meant for encryption ({@code use} other than {@code sig}, or
     * {@code key_ops} without {@code verify}) are skipped; any other key that cannot verify a supported algorithm is a
     * problem, as is a set without signature keys. Private keys are used for their public part only.
     */
    static KeySet jwks(Path file, byte[] content) {
        JWKSet set;
        try {
            set = JWKSet.parse(new String(content, StandardCharsets.UTF_8));
        } catch (ParseException e) {
            throw problem(file, 0, "not a JWK set (" + e.getMessage() + ")",
                    "write a JSON object {\"keys\": [...]} of public keys, as a JWKS endpoint serves it");
        }
        List<VerificationKey> keys = new ArrayList<>();
        List<ConfigurationProblem> problems = new ArrayList<>();
        String where = "in " + file.getFileName();
        for (JWK jwk : set.getKeys()) {
            if (isForEncryption(jwk)) {
                continue;
            }
            VerificationKey key = VerificationKey.of(jwk, where);
            if (key.algorithms().isEmpty()) {
                problems.add(new ConfigurationProblem(file, 0, null, key.description() + " cannot verify tokens: "
                        + key.limits(), "use RSA keys of 2048 bits or more, or EC keys on P-256, P-384 or P-521, "
                        + "with an alg that suits them; put HMAC secrets in jwt.hmac.secret-path"));
            } else {
                keys.add(key);
            }
        }
        if (problems.isEmpty() && keys.isEmpty()) {
            problems.add(new ConfigurationProblem(file, 0, null, "the JWK set has no signature keys",
                    "add the public keys that sign the tokens"));
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
        return KeySet.of(keys);
    }

    private static boolean isForEncryption(JWK jwk) {
        Set<KeyOperation> ops = jwk.getKeyOperations();
        return jwk.getKeyUse() != null && !KeyUse.SIGNATURE.equals(jwk.getKeyUse())
                || ops != null && !ops.contains(KeyOperation.VERIFY);
    }

    /**
     * One or more PEM blocks, each a {@code PUBLIC KEY} (RSA or EC, SubjectPublicKeyInfo) or a {@code CERTIFICATE}
     * whose public key is used (its validity dates are not checked). Private keys are refused, so that they are not
     * left readable for the broker.
     */
    static KeySet pem(Path file, byte[] content) {
        String[] lines = new String(content, StandardCharsets.ISO_8859_1).split("\r?\n", -1);
        List<VerificationKey> keys = new ArrayList<>();
        List<ConfigurationProblem> problems = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (!line.startsWith("-----BEGIN ") || !line.endsWith("-----")) {
                continue;
            }
            int begin = i + 1;
            String label = line.substring("-----BEGIN ".length(), line.length() - 5);
            String end = "-----END " + label + "-----";
            StringBuilder base64 = new StringBuilder();
            while (++i < lines.length && !lines[i].strip().equals(end)) {
                base64.append(lines[i].strip());
            }
            if (i >= lines.length) {
                problems.add(ConfigurationProblem.atLine(file, begin, "BEGIN " + label + " without its END line",
                        "copy the whole PEM block"));
                break;
            }
            try {
                VerificationKey key = pemKey(file, begin, label, base64.toString());
                if (key.algorithms().isEmpty()) {
                    problems.add(ConfigurationProblem.atLine(file, begin, "the key cannot verify tokens: "
                            + key.limits(), "use an RSA key of 2048 bits or more, or an EC key on P-256, P-384 or "
                            + "P-521"));
                } else {
                    keys.add(key);
                }
            } catch (ConfigurationException e) {
                problems.addAll(e.problems());
            }
        }
        if (problems.isEmpty() && keys.isEmpty()) {
            problems.add(ConfigurationProblem.atLine(file, 0, "no PEM block found",
                    "give the public key as -----BEGIN PUBLIC KEY----- ... -----END PUBLIC KEY-----"));
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
        return KeySet.of(keys);
    }

    private static VerificationKey pemKey(Path file, int line, String label, String base64) {
        if (label.contains("PRIVATE KEY")) {
            throw problem(file, line, "a private key (" + label + "): the broker needs only the public key",
                    "extract it with: openssl pkey -in KEY.pem -pubout -out public.pem; keep the private key with "
                            + "the token issuer");
        }
        if (label.equals("RSA PUBLIC KEY")) {
            throw problem(file, line, "a PKCS#1 RSA public key (BEGIN RSA PUBLIC KEY)",
                    "convert it with: openssl rsa -RSAPublicKey_in -in KEY.pem -pubout -out public.pem");
        }
        if (!label.equals("PUBLIC KEY") && !label.equals("CERTIFICATE")) {
            throw problem(file, line, "a PEM block of type " + label + ", not a public key",
                    "give PUBLIC KEY or CERTIFICATE blocks");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw problem(file, line, "the " + label + " block is not valid base64", "copy the PEM block unchanged");
        }
        PublicKey publicKey;
        try {
            publicKey = label.equals("CERTIFICATE")
                    ? CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der))
                            .getPublicKey()
                    : publicKey(der);
        } catch (GeneralSecurityException e) {
            throw problem(file, line, "the " + label + " block is not an RSA or EC public key",
                    "give an RSA or EC public key (openssl pkey -pubin -in public.pem -text shows what it is)");
        }
        String where = "in " + file.getFileName() + ":" + line;
        if (publicKey instanceof RSAPublicKey rsa) {
            return VerificationKey.of(new RSAKey.Builder(rsa).build(), where);
        }
        if (publicKey instanceof ECPublicKey ec) {
            Curve curve = Curve.forECParameterSpec(ec.getParams());
            if (curve == null) {
                throw problem(file, line, "an EC key on an unknown curve", "use P-256, P-384 or P-521");
            }
            return VerificationKey.of(new ECKey.Builder(curve, ec).build(), where);
        }
        throw problem(file, line, "a " + publicKey.getAlgorithm() + " key, not RSA or EC", "use an RSA or EC key");
    }

    private static PublicKey publicKey(byte[] der) throws GeneralSecurityException {
        X509EncodedKeySpec spec = new X509EncodedKeySpec(der);
        try {
            return KeyFactory.getInstance("RSA").generatePublic(spec);
        } catch (GeneralSecurityException e) {
            return KeyFactory.getInstance("EC").generatePublic(spec);
        }
    }

    /**
     * An HMAC secret: the file's bytes exactly (a trailing newline is part of the secret). It must be at least
     * {@code minBytes} long, and never shorter than the 32 bytes HS256 needs; HS384 and HS512 are enabled as far as it
     * is long enough for them.
     *
     * @param needs the algorithm that sets {@code minBytes}, for the message
     */
    static KeySet hmacSecret(Path file, byte[] content, int minBytes, JWSAlgorithm needs) {
        if (content.length < minBytes) {
            throw problem(file, 0, "the HMAC secret is " + content.length + " bytes; " + needs.getName()
                    + " needs at least " + minBytes, "write at least " + minBytes + " random bytes, for example: "
                    + "head -c " + minBytes + " /dev/urandom > " + file.getFileName()
                    + (needs.equals(JWSAlgorithm.HS256) ? "" : "; or remove " + needs.getName() + " from jwt.algorithms"));
        }
        return KeySet.of(List.of(VerificationKey.hmac(content, "in " + file.getFileName())));
    }

    private static ConfigurationException problem(Path file, int line, String message, String fix) {
        return new ConfigurationException(new ConfigurationProblem(file, line, null, message, fix));
    }
}
